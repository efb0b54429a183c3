package dev.selfmoe.engine.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
      throw new EngineException(benchmark + ": cannot read " + file.toAbsolutePath() + " (" + e.getMessage() + ")", e);
    }
  }

  /** The files in {@code dir} whose names end in {@code suffix}, sorted. */
  public static List<Path> list(Path dir, String suffix, String benchmark) {
    try (Stream<Path> s = Files.list(requireDir(dir, benchmark))) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new EngineException(benchmark + ": cannot list " + dir.toAbsolutePath() + " (" + e.getMessage() + ")", e);
    }
  }

  /** Jackson's message without the source excerpt it appends on further lines. */
  public static String jsonProblem(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage().lines().findFirst().orElse("")
        + (j.getLocation() == null ? "" : " at column " + j.getLocation().getColumnNr())
        : String.valueOf(e.getMessage());
  }

  public static JsonNode json(Path file, String benchmark) {
    try {
      return JSON.readTree(text(file, benchmark));
    } catch (IOException e) {
      throw new EngineException(benchmark + ": " + file.toAbsolutePath() + " is not valid JSON: "
          + (e instanceof JsonProcessingException j && j.getLocation() != null
              ? "line " + j.getLocation().getLineNr() + ": " : "") + jsonProblem(e));
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
        throw new EngineException(benchmark + ": " + file.toAbsolutePath() + " line " + line + " is not valid JSON ("
            + jsonProblem(e) + ")");
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
