package dev.selfmoe.engine.format;

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
 * A user's JSON Lines file: one object per line, blank lines skipped. Every error names the file and line, so a bad
 * line in a thousand-line file is found at once.
 */
public final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Turns one line's object into a value; {@code where} is {@code file:line} for error messages. */
  public interface LineReader<T> {
    T read(JsonNode object, String where, int lineNumber);
  }

  private JsonLines() {}

  /** Reads every line with {@code reader}; {@code what} names the contents in the empty-file error. */
  public static <T> List<T> read(Path file, String what, LineReader<T> reader) {
    List<T> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (!line.isBlank()) {
          out.add(reader.read(object(file, number, line), file + ":" + number, number));
        }
      }
    } catch (NoSuchFileException e) {
      throw new EngineException(file + ": no such file");
    } catch (IOException e) {
      throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (out.isEmpty()) {
      throw new EngineException(file + ": no " + what + " (the file is empty)");
    }
    return out;
  }

  private static JsonNode object(Path file, int number, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      throw new EngineException(file + ":" + number + ": not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new EngineException(file + ":" + number + ": expected a JSON object");
    }
    return node;
  }
}
