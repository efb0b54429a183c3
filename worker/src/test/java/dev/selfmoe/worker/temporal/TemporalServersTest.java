package dev.selfmoe.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.db.postgres.LocalPorts;
import dev.selfmoe.worker.temporal.TrivialWorkflows.Greeting;
import dev.selfmoe.worker.temporal.TrivialWorkflows.RunningWorker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fallback to the in-process test server, and connecting to an external server. */
// Workers sit in try-with-resources only to be closed before their server; javac would call them unused.
@SuppressWarnings("try")
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TemporalServersTest {
  @Test
  void withoutABinaryTheTestServerRunsWorkflowsAfterAWarning(@TempDir Path home) {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    try (TemporalServer server =
            TemporalServers.startWith(home, Optional.empty(), new PrintStream(warnings, true, StandardCharsets.UTF_8));
        TemporalConnection connection = TemporalServers.connect(server.target());
        RunningWorker worker = new RunningWorker(connection.client())) {
      assertInstanceOf(InProcessTestServer.class, server);
      assertFalse(server.durable());
      assertEquals(Optional.empty(), server.webUiUrl());
      String warning = warnings.toString(StandardCharsets.UTF_8);
      assertTrue(warning.contains("neither durable nor visible in the Web UI"), warning);
      assertEquals(1, warning.lines().count(), warning);
      assertFalse(Files.exists(TemporalServers.databaseFile(home)));

      Greeting greeting =
          connection.client().newWorkflowStub(Greeting.class, TrivialWorkflows.options("greeting-test-server"));
      assertEquals("hello test server", greeting.greet("test server"));
    }
  }

  @Test
  void connectingToAClosedPortFailsFastWithOneLine() {
    String address = "127.0.0.1:" + LocalPorts.free();
    Instant start = Instant.now();
    TemporalServerException failed =
        assertThrows(TemporalServerException.class, () -> TemporalServers.connect(address));
    Duration took = Duration.between(start, Instant.now());
    assertTrue(failed.getMessage().startsWith("cannot reach Temporal at " + address + ": "), failed.getMessage());
    assertFalse(failed.getMessage().contains("\n"), failed.getMessage());
    assertTrue(took.compareTo(TemporalServers.CONNECT_TIMEOUT.plusSeconds(3)) < 0, "took " + took);
  }

  @Test
  void anAddressWithoutAPortIsRejectedBeforeConnecting() {
    TemporalServerException failed =
        assertThrows(TemporalServerException.class, () -> TemporalServers.connect("localhost"));
    assertEquals("Temporal address must be HOST:PORT, got 'localhost'", failed.getMessage());
  }
}
