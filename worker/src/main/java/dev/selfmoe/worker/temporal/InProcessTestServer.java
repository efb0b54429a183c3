package dev.selfmoe.worker.temporal;

import dev.selfmoe.db.postgres.LocalPorts;
import io.temporal.testserver.TestServer;
import java.util.Optional;

/**
 * Temporal's Java test server inside this JVM, listening on a real local port: enough to run workflows when no Temporal
 * CLI is installed, but it keeps everything in memory and has no Web UI.
 */
public final class InProcessTestServer implements TemporalServer {
  private final TestServer.PortBoundTestServer server;
  private final int port;

  private InProcessTestServer(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on a free port. */
  public static InProcessTestServer start() {
    return start(LocalPorts.free());
  }

  public static InProcessTestServer start(int port) {
    try {
      // Time skipping stays locked: workers here run real experiments, whose timers must take real time.
      return new InProcessTestServer(TestServer.createPortBoundServer(port, true), port);
    } catch (RuntimeException e) {
      throw new TemporalServerException(
          "cannot start the in-process Temporal test server on port " + port + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public Optional<String> webUiUrl() {
    return Optional.empty();
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public String description() {
    return "in-process Temporal test server at " + target() + " (in memory, no Web UI)";
  }

  @Override
  public void close() {
    server.close();
  }
}
