package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's output, appended to {@code server.log} in the data directory across starts; read back from where one
 * start began, to explain that start's failure in one line.
 */
record ServerLog(Path file, long startOffset) {
  static ServerLog fromNowOn(Path dataDirectory) {
    Path file = dataDirectory.resolve("server.log");
    try {
      return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
    } catch (IOException e) {
      return new ServerLog(file, 0);
    }
  }

  /** The last FATAL, PANIC or ERROR line, else the last line: PostgreSQL logs the reason it stopped last. */
  String lastProblem() {
    List<String> lines = text().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    for (String line : lines.reversed()) {
      if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains("ERROR:")) {
        return line;
      }
    }
    return lines.isEmpty() ? "no output" : lines.getLast();
  }

  boolean mentions(String phrase) {
    return text().contains(phrase);
  }

  private String text() {
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long length = log.length() - startOffset;
      if (length <= 0) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(length, 1 << 20)];
      log.seek(log.length() - bytes.length);
      log.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
