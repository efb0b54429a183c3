package dev.selfmoe.engine.selfspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed set of a self-specialization run, kept next to its output, and the seed ids read back from such a file or
 * from the output itself. An output's provenance names only the seeds that were shown to the model, so the seed file
 * is what records the whole set (METHOD.md §1: the BBH seeds are excluded from BBH evaluation).
 */
public final class SeedFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SeedFiles() {}

  /** {@code <output>.seeds.jsonl}, beside the output and its cursor. */
  public static Path pathFor(Path output) {
    return output.resolveSibling(output.getFileName() + ".seeds.jsonl");
  }

  /** One JSON line per seed, in the form {@link SeedSets#read} accepts; replaced whole, never half-written. */
  public static void write(Path file, List<Seed> seeds) {
    StringBuilder lines = new StringBuilder();
    try {
      for (Seed s : seeds) {
        ObjectNode line = JSON.createObjectNode().put("id", s.id()).put("instruction", s.instruction())
            .put("input", s.input()).put("output", s.output());
        lines.append(JSON.writeValueAsString(line)).append('\n');
      }
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, lines);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EngineException(file + ": cannot write the seed file (" + e.getMessage() + ")");
    }
  }

  /**
   * Seed ids in file order, without repeats, from a seed file (lines with an {@code id}, or the {@code seed_id} of
   * the orchestration's seed artifacts) or a selfspec output (lines with a {@code provenance}); for an output, the
   * ids of its seed file are added when that file exists.
   */
  public static List<String> ids(Path file) {
    List<String> lines = readLines(file);
    Set<String> ids = new LinkedHashSet<>();
    boolean output = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode node = parse(lines.get(i), file + ":" + (i + 1));
      if (node.path("provenance").isObject()) {
        output = true;
        node.get("provenance").path("brainstormSeeds").forEach(n -> ids.add(n.asText()));
        node.get("provenance").path("responseSeeds").forEach(n -> ids.add(n.asText()));
      } else if (node.path("id").isTextual()) {
        ids.add(node.get("id").asText());
      } else if (node.path("seed_id").isTextual()) {
        ids.add(node.get("seed_id").asText());
      } else {
        throw new EngineException(file + ":" + (i + 1) + ": neither a seed with an \"id\" (or \"seed_id\") nor a"
            + " selfspec record with a \"provenance\"");
      }
    }
    Path seedFile = pathFor(file);
    if (output && Files.isRegularFile(seedFile)) {
      ids.addAll(ids(seedFile));
    }
    if (ids.isEmpty()) {
      throw new EngineException(file + ": no seed ids (the file is empty)");
    }
    return List.copyOf(ids);
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new EngineException(file + ": no such file");
    } catch (IOException e) {
      throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static JsonNode parse(String line, String where) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        throw new EngineException(where + ": expected a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new EngineException(where + ": not valid JSON");
    }
  }
}
