package dev.selfmoe.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.cli.RunningActivities;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import dev.selfmoe.workflows.experiment.ExperimentResult;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import dev.selfmoe.worker.temporal.TemporalBinary;
import dev.selfmoe.worker.temporal.TemporalConnection;
import dev.selfmoe.worker.temporal.TemporalDevServer;
import dev.selfmoe.worker.temporal.TemporalServers;
import dev.selfmoe.worker.temporal.WorkflowListing;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable path end to end on the real Temporal dev server: worker processes that die with SIGKILL mid-training,
 * a server restart mid-experiment, and the runs listed where the Web UI lists them.
 */
class OrchestrationEndToEndTest {
  /** Worker output is kept here for a failing run's post-mortem. */
  private static final Path LOGS = Path.of("target", "e2e-logs").toAbsolutePath();

  @TempDir Path home;

  @Test
  void experimentSurvivesAKilledWorkerAndAServerRestart() throws Exception {
    Path binary = TemporalBinary.locate(Optional.empty()).orElseThrow(() -> new AssertionError(
        "no Temporal CLI found: run scripts/install-temporal.sh (or set SELFMOE_TEMPORAL_BIN)"));
    Path temporalDb = home.resolve("temporal/temporal.db");
    // Enough optimizer steps that the kill lands mid-training, with a checkpoint after every step.
    ExperimentSpec spec = SpecReader.experiment(TestPlatform.tinySpec("e2e", "[expert:math]", "")
        .replace("domains: [knowledge, math]", "domains: [math]")
        .replace("lora: {epochs: 2,", "lora: {epochs: 150,"));
    String id = ExperimentStarter.experimentId(spec);

    try (EmbeddedPostgres pg = TestPlatform.postgres(home); SelfmoeDatabase db = SelfmoeDatabase.connect(pg)) {
      TemporalDevServer server = TemporalDevServer.start(binary, temporalDb);
      int port = Integer.parseInt(server.target().substring(server.target().lastIndexOf(':') + 1));
      List<Process> workers = new ArrayList<>();
      try {
        workers.add(worker(server.target(), pg, "first"));
        WorkflowStub stub;
        try (TemporalConnection c = TemporalServers.connect(server.target())) {
          stub = ExperimentStarter.startExperiment(c.client(), spec, id);
        }
        String runKey = awaitTrainingSteps(db, 3, Duration.ofMinutes(5));
        workers.get(0).destroyForcibly().waitFor();
        long stepsAtKill = curveSteps(db, runKey);

        workers.add(worker(server.target(), pg, "second"));
        int[] resumedFrom = {-1};
        try (TemporalConnection c = TemporalServers.connect(server.target())) {
          // Found from the experiment's id: the training runs in its child workflow for the math domain.
          List<RunningActivities.Running> retried = new ArrayList<>();
          awaitCondition(() -> {
            PendingActivities.resumed(c.stubs(), id, "TrainAdapter").ifPresent(retried::add);
            return !retried.isEmpty();
          }, Duration.ofMinutes(4), () -> "no retried training reported resuming from a checkpoint (logs in " + LOGS
              + "):\n" + PendingActivities.describe(c.stubs(), id));
          RunningActivities.Running training = retried.get(0);
          resumedFrom[0] = training.figures().get("resumed_from_step").asInt();
          assertEquals(id + "/math", training.workflowId());
          assertTrue(training.started() && training.done() >= resumedFrom[0] && training.total() > training.done(),
              training.toString());
          // What the progress line of `selfmoe run` shows for it.
          assertTrue(training.summary().matches("train \\S+ \\d+/\\d+ loss \\d+\\.\\d{3} \\(attempt [2-9]\\)"),
              training.summary());
        }

        server.close();
        server = TemporalDevServer.start(binary, temporalDb, port, 0, TemporalDevServer.DEFAULT_STARTUP_TIMEOUT);

        try (TemporalConnection c = TemporalServers.connect(server.target())) {
          CompletableFuture<ExperimentResult> result = c.client().newUntypedWorkflowStub(id)
              .getResultAsync(ExperimentResult.class);
          ExperimentResult r = result.get(10, TimeUnit.MINUTES);
          assertEquals(1, r.evaluations().size());

          List<HistoryEvent> events = c.client().fetchHistory(id).getEvents();
          assertTrue(events.stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED));
          List<String> listed = WorkflowListing.list(c.stubs(), "default").stream()
              .map(WorkflowListing.ListedWorkflow::workflowId).toList();
          assertTrue(listed.contains(id) && listed.contains(id + "/math"), "listed: " + listed);
        }
        assertEquals("completed", db.experiments().find(id).orElseThrow().status().sqlName());
        long total = curveSteps(db, runKey);
        assertEquals(total, TestPlatform.count(db, "select max(step) from training_curve where run_key = '" + runKey
            + "'"), "every optimizer step recorded exactly once, across both workers");
        assertTrue(stepsAtKill >= 3 && stepsAtKill < total, stepsAtKill + " of " + total);
        // A step's curve point is written just before its checkpoint, so a kill between the two leaves the newest
        // checkpoint one step behind the curve; the step is then repeated and its point ignored as a duplicate.
        assertTrue(resumedFrom[0] >= stepsAtKill - 1 && resumedFrom[0] <= stepsAtKill,
            "resumed from " + resumedFrom[0] + " with " + stepsAtKill + " steps recorded at the kill");
        assertEquals(1, TestPlatform.count(db, "select count(*) from artifact where kind = 'adapter'"));
        assertEquals(1, TestPlatform.count(db, "select count(*) from experiment_evaluation where experiment_id = '"
            + id + "'"));
        assertEquals(4, TestPlatform.count(db, "select count(*) from evaluation_item"));
      } finally {
        workers.forEach(Process::destroyForcibly);
        server.close();
      }
    }
  }

  private Process worker(String temporal, EmbeddedPostgres pg, String name) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true", "-Xmx3g",
        "-cp", System.getProperty("java.class.path"), "dev.selfmoe.cli.Main", "worker",
        "--temporal", temporal, "--db", pg.jdbcUrl(), "--db-user", pg.user(),
        "--home", home.toString(), "--artifacts", home.resolve("artifacts").toString(),
        "--data", TestPlatform.DATA.toString()));
    java.nio.file.Files.createDirectories(LOGS);
    File log = LOGS.resolve("worker-" + name + ".log").toFile();
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
  }

  /** Waits until some adapter training has recorded {@code steps} steps; returns its run key. */
  private static String awaitTrainingSteps(SelfmoeDatabase db, int steps, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var rows = db.sql("select run_key from training_curve group by run_key having count(*) >= " + steps).rows();
      if (!rows.isEmpty()) {
        return rows.get(0).get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no training reached " + steps + " steps within " + timeout);
  }

  private static long curveSteps(SelfmoeDatabase db, String runKey) {
    return TestPlatform.count(db, "select count(*) from training_curve where run_key = '" + runKey + "'");
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitCondition(Check check, Duration timeout, java.util.function.Supplier<String> failure)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(failure.get());
  }
}
