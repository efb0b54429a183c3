package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The lock file a running PostgreSQL keeps in its data directory: pid, data directory, start time, port, socket
 * directory, listen address, shared memory key, and (once it gets there) its status such as {@code ready}.
 */
record PostmasterPid(long pid, Path dataDirectory, int port, String status) {
  static final String FILE_NAME = "postmaster.pid";

  /** Empty when there is no lock file, or while PostgreSQL is still writing it. */
  static Optional<PostmasterPid> read(Path dataDirectory) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dataDirectory.resolve(FILE_NAME), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot read " + dataDirectory.resolve(FILE_NAME) + ": " + e, e);
    }
    if (lines.size() < 4 || lines.get(0).isBlank() || lines.get(3).isBlank()) {
      return Optional.empty();
    }
    try {
      String status = lines.size() >= 8 ? lines.get(7).strip() : "starting";
      return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).strip()), Path.of(lines.get(1).strip()),
          Integer.parseInt(lines.get(3).strip()), status));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean ready() {
    return status.equals("ready");
  }

  /** Whether the pid still names a postmaster; a pid recycled by another program makes the file stale. */
  boolean isRunningPostgres() {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        String program = commandLine.split("\0", 2)[0];
        return program.equals("postgres") || program.endsWith("/postgres");
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }
}
