package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A PostgreSQL cluster's directory: created with initdb when new, checked for its version when not. */
final class DataDirectory {
  private static final long INITDB_TIMEOUT_SECONDS = 300;

  private DataDirectory() {}

  static void prepare(Path directory, PostgresBinaries binaries, boolean durable) {
    if (Directories.isMissingOrEmpty(directory)) {
      initialize(directory, binaries, durable);
      return;
    }
    Path versionFile = directory.resolve("PG_VERSION");
    if (!Files.isRegularFile(versionFile)) {
      throw new EmbeddedPostgresException(directory + " is not empty and holds no PostgreSQL cluster (no PG_VERSION);"
          + " point selfmoe at an empty directory or an existing data directory");
    }
    String clusterVersion = readVersion(versionFile);
    if (!clusterVersion.equals(Integer.toString(binaries.majorVersion()))) {
      throw new EmbeddedPostgresException(directory + " was created by PostgreSQL " + clusterVersion + " but this build"
          + " runs PostgreSQL " + binaries.version() + "; move the directory away (or dump and restore it) to go on");
    }
  }

  private static void initialize(Path directory, PostgresBinaries binaries, boolean durable) {
    List<String> initdb = new ArrayList<>(List.of(binaries.program("initdb").toString(), "--pgdata=" + directory,
        "--username=" + EmbeddedPostgres.USER, "--auth=trust", "--encoding=UTF8", "--locale=C"));
    if (!durable) {
      initdb.add("--no-sync");
    }
    try {
      Files.createDirectories(directory);
      Process process = new ProcessBuilder(UnprivilegedCommand.of(initdb)).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(INITDB_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new EmbeddedPostgresException("initdb for " + directory + " did not finish in "
            + INITDB_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new EmbeddedPostgresException("initdb failed for " + directory + ": "
            + mainComplaint(new String(output, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot run initdb for " + directory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException("interrupted while running initdb for " + directory, e);
    }
  }

  /** initdb ends with clean-up chatter; the line saying "error" is the one that explains. */
  private static String mainComplaint(String output) {
    List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    return lines.stream().filter(line -> line.contains("error:")).findFirst()
        .orElse(lines.isEmpty() ? "no output" : lines.getLast());
  }

  private static String readVersion(Path versionFile) {
    try {
      return Files.readString(versionFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot read " + versionFile + ": " + e.getMessage(), e);
    }
  }
}
