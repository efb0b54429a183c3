package dev.selfmoe.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads instruction data as JSON Lines: one object per line with {@code instruction}, optional {@code input}, and
 * {@code output} (or {@code response}). Blank lines are skipped; anything else malformed is an error naming the line.
 */
public final class InstructionData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InstructionData() {}

  public static List<InstructionExample> read(Path file) {
    List<InstructionExample> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        out.add(parse(file, number, line));
      }
    } catch (NoSuchFileException e) {
      throw new EngineException(file + ": no such file");
    } catch (IOException e) {
      throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (out.isEmpty()) {
      throw new EngineException(file + ": no training examples (the file is empty)");
    }
    return out;
  }

  private static InstructionExample parse(Path file, int number, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      throw new EngineException(file + ":" + number + ": not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new EngineException(file + ":" + number + ": expected a JSON object");
    }
    String instruction = node.path("instruction").asText("");
    String response = node.has("output") ? node.path("output").asText("") : node.path("response").asText("");
    if (instruction.isBlank() || response.isBlank()) {
      throw new EngineException(file + ":" + number + ": needs a non-empty \"instruction\" and \"output\"");
    }
    return new InstructionExample(instruction, node.path("input").asText(""), response);
  }
}
