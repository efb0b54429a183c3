package dev.selfmoe.worker.temporal;

import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.worker.temporal.TrivialWorkflows.AwaitRelease;
import dev.selfmoe.worker.temporal.TrivialWorkflows.Greeting;
import dev.selfmoe.worker.temporal.TrivialWorkflows.RunningWorker;
import dev.selfmoe.worker.temporal.WorkflowListing.ListedWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Temporal CLI's dev server, for real: needs the CLI that scripts/install-temporal.sh builds. */
// Workers sit in try-with-resources only to be closed before their server; javac would call them unused.
@SuppressWarnings("try")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TemporalDevServerTest {
  @TempDir Path dir;

  @Test
  void runsAWorkflowThatTheWebUiListsAsCompleted() throws Exception {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    try (TemporalServer server = TemporalServers.start(dir, Optional.of(binary()), new PrintStream(warnings));
        TemporalConnection connection = TemporalServers.connect(server.target());
        RunningWorker worker = new RunningWorker(connection.client())) {
      assertTrue(server.durable());
      assertTrue(Files.exists(TemporalServers.databaseFile(dir)), "SQLite file at home/temporal/temporal.db");
      assertEquals("", warnings.toString());

      String workflowId = "greeting-" + UUID.randomUUID();
      Greeting greeting = connection.client().newWorkflowStub(Greeting.class, TrivialWorkflows.options(workflowId));
      assertEquals("hello dev server", greeting.greet("dev server"));

      ListedWorkflow listed = awaitListed(connection, workflowId, WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertEquals("Greeting", listed.type());
      HttpResponse<String> ui = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.webUiUrl().orElseThrow())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ui.statusCode(), "Web UI at " + server.webUiUrl());
    }
  }

  @Test
  void aWorkflowStartedBeforeARestartCompletesAfterIt() throws Exception {
    Path db = dir.resolve("temporal.db");
    String workflowId = "await-release-" + UUID.randomUUID();
    long firstPid;
    try (TemporalDevServer server = TemporalDevServer.start(binary(), db);
        TemporalConnection connection = TemporalServers.connect(server.target());
        RunningWorker worker = new RunningWorker(connection.client())) {
      firstPid = server.pid();
      AwaitRelease waiting =
          connection.client().newWorkflowStub(AwaitRelease.class, TrivialWorkflows.options(workflowId));
      WorkflowClient.start(waiting::run);
      awaitListed(connection, workflowId, WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
    assertFalse(isAlive(firstPid), "first server stopped");

    try (TemporalDevServer server = TemporalDevServer.start(binary(), db);
        TemporalConnection connection = TemporalServers.connect(server.target());
        RunningWorker worker = new RunningWorker(connection.client())) {
      assertNotEquals(firstPid, server.pid());
      connection.client().newWorkflowStub(AwaitRelease.class, workflowId).release("after restart");
      String result = connection.client().newUntypedWorkflowStub(workflowId).getResult(String.class);
      assertEquals("hello after restart", result);
    }
  }

  @Test
  void aServerLeftByAKilledOwnerIsAdoptedWithItsWorkflows() throws Exception {
    Path db = dir.resolve("temporal.db");
    String workflowId = "await-release-" + UUID.randomUUID();
    Process owner = owner(db);
    long serverPid = -1;
    try {
      String[] started = started(owner);
      serverPid = Long.parseLong(started[0]);
      String target = started[1];
      try (TemporalConnection connection = TemporalServers.connect(target)) {
        AwaitRelease waiting =
          connection.client().newWorkflowStub(AwaitRelease.class, TrivialWorkflows.options(workflowId));
        WorkflowClient.start(waiting::run);
      }
      owner.destroyForcibly().waitFor();
      assertTrue(isAlive(serverPid), "server outlives its SIGKILLed owner");

      try (TemporalDevServer adopted = TemporalDevServer.start(binary(), db);
          TemporalConnection connection = TemporalServers.connect(adopted.target());
          RunningWorker worker = new RunningWorker(connection.client())) {
        assertEquals(serverPid, adopted.pid());
        assertEquals(target, adopted.target());
        connection.client().newWorkflowStub(AwaitRelease.class, workflowId).release("adopter");
        assertEquals("hello adopter", connection.client().newUntypedWorkflowStub(workflowId).getResult(String.class));
      }
      assertFalse(isAlive(serverPid), "adopter stopped it");
    } finally {
      owner.destroyForcibly();
      ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aSecondProcessSharesTheServerAndTheLastToLeaveStopsIt() throws Exception {
    Path db = dir.resolve("temporal.db");
    Process owner = owner(db);
    long serverPid = -1;
    try {
      String[] started = started(owner);
      serverPid = Long.parseLong(started[0]);
      try (TemporalDevServer shared = TemporalDevServer.start(binary(), db)) {
        assertFalse(shared.owned());
        assertEquals(serverPid, shared.pid());
        assertEquals(started[1], shared.target());

        owner.getOutputStream().close(); // the owner closes its server and exits
        assertTrue(owner.waitFor(60, TimeUnit.SECONDS));
        assertTrue(isAlive(serverPid), "the server outlives its owner while another process uses it");
        try (TemporalConnection connection = TemporalServers.connect(shared.target());
            RunningWorker worker = new RunningWorker(connection.client())) {
          String workflowId = "greeting-" + UUID.randomUUID();
          assertEquals("hello sharer", connection.client()
              .newWorkflowStub(Greeting.class, TrivialWorkflows.options(workflowId)).greet("sharer"));
        }
      }
      assertFalse(isAlive(serverPid), "the last process to leave stopped it");
    } finally {
      owner.destroyForcibly();
      ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void inOneJvmASecondStartSharesTheFirstsServer() {
    Path db = dir.resolve("temporal.db");
    TemporalDevServer first = TemporalDevServer.start(binary(), db);
    long pid = first.pid();
    try (TemporalDevServer second = TemporalDevServer.start(binary(), db)) {
      assertTrue(first.owned());
      assertFalse(second.owned());
      assertEquals(first.target(), second.target());
      first.close();
      assertTrue(isAlive(pid), "still used by the second");
      try (TemporalConnection stillServing = TemporalServers.connect(second.target())) {
        assertEquals(second.target(), stillServing.target());
      }
    } finally {
      first.close();
    }
    assertFalse(isAlive(pid));
  }

  @Test
  void aServerThatCannotStartIsReportedWithTheEndOfItsLog() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TemporalServerException failed = assertThrows(TemporalServerException.class,
          () -> TemporalDevServer.start(binary(), dir.resolve("temporal.db"), taken.getLocalPort(), 0,
              Duration.ofSeconds(30)));
      String message = failed.getMessage();
      assertTrue(message.startsWith("Temporal dev server exited with code 1 before answering on 127.0.0.1:"
          + taken.getLocalPort()), message);
      assertTrue(message.contains("can't set frontend port"), message);
      assertFalse(message.contains("\n"), message);
    }
    // The failed start released the database: a normal start works.
    try (TemporalDevServer server = TemporalDevServer.start(binary(), dir.resolve("temporal.db"))) {
      assertTrue(server.durable());
    }
  }

  /** A child JVM that starts the server of {@code db} and owns it until killed or its stdin closes. */
  private static Process owner(Path db) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DevServerOwner.class.getName(), binary().toString(), db.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** What the owner printed once its server answered: the server's pid and frontend. */
  private static String[] started(Process owner) throws IOException {
    return new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8)).readLine()
        .split(" ");
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static Path binary() {
    return TemporalBinary.locate(Optional.empty()).orElseThrow(() -> new AssertionError(
        "no Temporal CLI found: run scripts/install-temporal.sh (or set " + TemporalBinary.ENV_VARIABLE + ")"));
  }

  /** Visibility lags the workflow's own state by a moment, as it does in the Web UI. */
  static ListedWorkflow awaitListed(TemporalConnection connection, String workflowId, WorkflowExecutionStatus status)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      Optional<ListedWorkflow> listed = WorkflowListing.list(connection.stubs(), TemporalConnection.DEFAULT_NAMESPACE)
          .stream()
          .filter(workflow -> workflow.workflowId().equals(workflowId) && workflow.status() == status)
          .findFirst();
      if (listed.isPresent()) {
        return listed.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(workflowId + " not listed as " + status + " within 30 s: "
            + WorkflowListing.list(connection.stubs(), TemporalConnection.DEFAULT_NAMESPACE));
      }
      Thread.sleep(200);
    }
  }
}
