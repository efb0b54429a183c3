package dev.selfmoe.engine.selfspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One kept synthetic example as a JSONL line. The {@code instruction}/{@code input}/{@code output} fields are the
 * ones the LoRA trainer reads, so the file trains an expert as it is.
 */
public record SyntheticRecord(String instruction, String input, String output, Domain domain, Provenance provenance) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJsonLine() {
    ObjectNode o = JSON.createObjectNode();
    o.put("instruction", instruction).put("input", input).put("output", output).put("domain", domain.id());
    ObjectNode p = o.putObject("provenance");
    p.put("round", provenance.round()).put("index", provenance.index()).put("samplingSeed", provenance.samplingSeed());
    provenance.brainstormSeeds().forEach(p.putArray("brainstormSeeds")::add);
    provenance.responseSeeds().forEach(p.putArray("responseSeeds")::add);
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new EngineException("cannot serialise a synthetic record: " + e.getMessage());
    }
  }

  public static SyntheticRecord parse(String line, String where) {
    try {
      JsonNode o = JSON.readTree(line);
      JsonNode p = o.get("provenance");
      return new SyntheticRecord(o.get("instruction").asText(), o.get("input").asText(), o.get("output").asText(),
          Domain.parse(o.get("domain").asText()),
          new Provenance(p.get("round").asInt(), p.get("index").asInt(), p.get("samplingSeed").asLong(),
              texts(p.get("brainstormSeeds")), texts(p.get("responseSeeds"))));
    } catch (IOException | NullPointerException e) {
      throw new EngineException(where + ": not a synthetic record");
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
