package dev.selfmoe.worker.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Launching and stopping {@code temporal server start-dev}, and reading why it failed from its log. */
final class DevServerProcess {
  static final String HOST = "127.0.0.1";

  // The CLI stops its services and closes SQLite on SIGTERM in about two seconds; give a loaded machine more.
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 3;
  private static final int LOG_TAIL_CHARS = 600;

  private DevServerProcess() {}

  /** Starts the server with its output appended to {@code log}. */
  static Process launch(Path binary, Path database, int port, int uiPort, String namespace, Path log) {
    List<String> command = List.of(
        binary.toString(), "server", "start-dev",
        "--db-filename", database.toString(),
        "--ip", HOST,
        "--port", Integer.toString(port),
        "--ui-port", Integer.toString(uiPort),
        "--namespace", namespace,
        // One partition per task queue: with several, a task can sit in a partition no poller is on and reach the
        // single compute slot only after forwarding, seconds later; one machine gains nothing from partitions.
        "--dynamic-config-value", "matching.numTaskqueueReadPartitions=1",
        "--dynamic-config-value", "matching.numTaskqueueWritePartitions=1",
        "--log-level", "warn");
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new TemporalServerException(
          "cannot run the Temporal CLI " + binary + ": " + e.getMessage() + "; run scripts/install-temporal.sh", e);
    }
  }

  /** SIGTERM, so the server closes its SQLite file cleanly; SIGKILL if it has not exited after a grace period. */
  static void stop(ProcessHandle process) {
    process.destroy();
    if (!awaitExit(process, STOP_GRACE)) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  static long logSize(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }

  /** The last lines this server wrote (the log is shared with earlier runs, hence the offset) on one line. */
  static String logTail(Path log, long from) {
    try {
      byte[] bytes = Files.readAllBytes(log);
      String written = new String(bytes, (int) Math.min(from, bytes.length), (int) Math.max(0, bytes.length - from),
          StandardCharsets.UTF_8);
      List<String> lines = written.lines().filter(line -> !line.isBlank()).map(String::strip).toList();
      if (lines.isEmpty()) {
        return "its log " + log + " is empty";
      }
      String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
      if (tail.length() > LOG_TAIL_CHARS) {
        tail = "..." + tail.substring(tail.length() - LOG_TAIL_CHARS);
      }
      return "its log " + log + " ends: " + tail;
    } catch (IOException e) {
      return "its log " + log + " cannot be read: " + e.getMessage();
    }
  }
}
