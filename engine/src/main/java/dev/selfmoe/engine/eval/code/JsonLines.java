package dev.selfmoe.engine.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads a JSONL file (gzip when it ends in .gz) and checks each row has the fields the loaders rely on. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  static List<JsonNode> read(Path file, String... requiredFields) {
    if (!Files.isRegularFile(file)) {
      throw new EngineException("data file missing: " + file);
    }
    List<JsonNode> rows = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode row;
        try {
          row = JSON.readTree(line);
        } catch (IOException e) {
          throw new EngineException(file + " line " + n + ": not valid JSON (" + DataFiles.jsonProblem(e) + ")");
        }
        for (String f : requiredFields) {
          if (row.get(f) == null || row.get(f).isNull()) {
            throw new EngineException(file + " line " + n + ": field '" + f + "' missing");
          }
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new EngineException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
