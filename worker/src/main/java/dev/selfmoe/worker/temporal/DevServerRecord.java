package dev.selfmoe.worker.temporal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Which dev server process serves a database and on which ports, kept in a small file beside the database so a later
 * selfmoe process can find a server whose owner died without stopping it.
 *
 * @param pid the server process
 * @param started when that process started, to tell it from an unrelated process that later got the same pid
 */
record DevServerRecord(long pid, Instant started, int port, int uiPort) {
  // Process start times come from /proc in clock ticks; two reads may round differently.
  private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);

  static DevServerRecord of(ProcessHandle process, int port, int uiPort) {
    return new DevServerRecord(process.pid(), process.info().startInstant().orElse(Instant.EPOCH), port, uiPort);
  }

  static Optional<DevServerRecord> read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
      return Optional.of(new DevServerRecord(
          Long.parseLong(properties.getProperty("pid")),
          Instant.parse(properties.getProperty("started")),
          Integer.parseInt(properties.getProperty("port")),
          Integer.parseInt(properties.getProperty("ui-port"))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // A half-written or foreign file names no server we could trust; starting afresh is the safe reading.
      return Optional.empty();
    }
  }

  void write(Path file) {
    Properties properties = new Properties();
    properties.setProperty("pid", Long.toString(pid));
    properties.setProperty("started", started.toString());
    properties.setProperty("port", Integer.toString(port));
    properties.setProperty("ui-port", Integer.toString(uiPort));
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try {
      try (Writer writer = Files.newBufferedWriter(partial)) {
        properties.store(writer, "Temporal dev server serving the database beside this file");
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The recorded server process, if it is still running. */
  Optional<ProcessHandle> liveProcess() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().startInstant()
            .map(actual -> Duration.between(started, actual).abs().compareTo(START_TIME_TOLERANCE) <= 0)
            .orElse(false));
  }
}
