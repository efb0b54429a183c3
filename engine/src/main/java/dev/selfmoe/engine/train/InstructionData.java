package dev.selfmoe.engine.train;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.JsonLines;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads instruction data as JSON Lines: one object per line with {@code instruction}, optional {@code input}, and
 * {@code output} (or {@code response}). Blank lines are skipped; anything else malformed is an error naming the line.
 */
public final class InstructionData {
  private InstructionData() {}

  public static List<InstructionExample> read(Path file) {
    return JsonLines.read(file, "training examples", (node, where, number) -> {
      String instruction = node.path("instruction").asText("");
      String response = node.has("output") ? node.path("output").asText("") : node.path("response").asText("");
      if (instruction.isBlank() || response.isBlank()) {
        throw new EngineException(where + ": needs a non-empty \"instruction\" and \"output\"");
      }
      return new InstructionExample(instruction, node.path("input").asText(""), response);
    });
  }
}
