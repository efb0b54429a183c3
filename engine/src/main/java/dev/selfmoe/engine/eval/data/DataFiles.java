package dev.selfmoe.engine.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading benchmark files, with errors that say which file was expected where. */
public final class DataFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataFiles() {}

  public static Path requireDir(Path dir, String benchmark) {
    if (!Files.isDirectory(dir)) {
      throw new EngineException(benchmark + " data missing: expected directory " + dir.toAbsolutePath());
    }
    return dir;
  }

  public static Path requireFile(Path file, String benchmark) {
    if (!Files.isRegularFile(file)) {
      throw new EngineException(benchmark + " data missing: expected file " + file.toAbsolutePath());
    }
    return file;
  }

  public static String text(Path file, String benchmark) {
    try {
      return Files.readString(requireFile(file, benchmark), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(Path file, String benchmark) {
    try {
      return JSON.readTree(text(file, benchmark));
    } catch (IOException e) {
      throw new EngineException(benchmark + ": " + file + " is not valid JSON: " + e.getMessage());
    }
  }

  /** One JSON object per non-blank line. */
  public static List<JsonNode> jsonLines(Path file, String benchmark) {
    List<JsonNode> rows = new ArrayList<>();
    int line = 0;
    for (String s : text(file, benchmark).split("\n")) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      try {
        rows.add(JSON.readTree(s));
      } catch (IOException e) {
        throw new EngineException(benchmark + ": " + file + " line " + line + " is not valid JSON");
      }
    }
    return rows;
  }

  /** A required string field, with the file named when it is absent. */
  public static String field(JsonNode row, String name, Path file) {
    JsonNode v = row.get(name);
    if (v == null || !v.isTextual()) {
      throw new EngineException(file + ": row without a string field '" + name + "'");
    }
    return v.asText();
  }
}
