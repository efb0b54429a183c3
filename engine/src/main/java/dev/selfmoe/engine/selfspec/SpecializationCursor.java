package dev.selfmoe.engine.selfspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The committed state of a run, written after each round's lines are appended. Output lines past {@code kept}
 * belong to a round that was cut short and are discarded on resume, so appending and resuming never duplicate.
 */
record SpecializationCursor(String fingerprint, int roundsDone, int kept, Map<DropReason, Integer> dropped) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path pathFor(Path output) {
    return output.resolveSibling(output.getFileName() + ".cursor.json");
  }

  static Optional<SpecializationCursor> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode o = JSON.readTree(file.toFile());
      Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
      for (DropReason r : DropReason.values()) {
        dropped.put(r, o.path("dropped").path(r.name()).asInt(0));
      }
      return Optional.of(new SpecializationCursor(o.get("fingerprint").asText(), o.get("roundsDone").asInt(),
          o.get("kept").asInt(), dropped));
    } catch (IOException | NullPointerException e) {
      throw new EngineException(file + ": not a self-specialization cursor");
    }
  }

  /** Written to a temporary file and moved into place, so a crash leaves the old cursor or the new one. */
  void write(Path file) {
    ObjectNode o = JSON.createObjectNode();
    o.put("fingerprint", fingerprint).put("roundsDone", roundsDone).put("kept", kept);
    ObjectNode d = o.putObject("dropped");
    dropped.forEach((r, n) -> d.put(r.name(), n));
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EngineException(file + ": cannot write the cursor (" + e.getMessage() + ")");
    }
  }
}
