package dev.selfmoe.worker.temporal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How selfmoe gets a Temporal server: its own local one, or an external one it only connects to. */
public final class TemporalServers {
  /** How long an external server may take to answer before selfmoe gives up on it. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private TemporalServers() {}

  /**
   * Starts the durable dev server when a Temporal CLI is found (see {@link TemporalBinary#locate}) or can be built
   * with Go (see {@link TemporalCliInstaller}), with its SQLite file at {@code home/temporal/temporal.db}; otherwise
   * the in-process test server, after a one-line warning that its workflows are neither durable nor visible in the
   * Web UI.
   *
   * @param home selfmoe's state directory, normally {@code ~/.selfmoe}
   * @param binary the Temporal CLI the user named, if any
   */
  public static TemporalServer start(Path home, Optional<Path> binary, PrintStream warnings) {
    Optional<Path> located = TemporalBinary.locate(binary);
    if (located.isEmpty()) {
      located = TemporalCliInstaller.ofProject().flatMap(installer -> installer.install(warnings));
    }
    return startWith(home, located, warnings);
  }

  /** {@link #start} once the binary has been looked for: {@code located} is what was found. */
  static TemporalServer startWith(Path home, Optional<Path> located, PrintStream warnings) {
    if (located.isPresent()) {
      return TemporalDevServer.start(located.get(), databaseFile(home));
    }
    warnings.println("selfmoe: warning: no Temporal CLI found (install Go 1.25+ and run scripts/install-temporal.sh);"
        + " using the in-process test server, whose workflows are neither durable nor visible in the Web UI");
    return InProcessTestServer.start();
  }

  public static Path databaseFile(Path home) {
    return home.resolve("temporal").resolve("temporal.db");
  }

  /** Connects to a running Temporal frontend, failing within {@link #CONNECT_TIMEOUT} when it does not answer. */
  public static TemporalConnection connect(String hostPort) {
    return TemporalConnection.open(hostPort, CONNECT_TIMEOUT);
  }
}
