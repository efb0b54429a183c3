package dev.selfmoe.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import dev.selfmoe.workflows.experiment.ExperimentInput;
import dev.selfmoe.workflows.experiment.ExperimentResult;
import dev.selfmoe.workflows.experiment.ExperimentWorkflow;
import dev.selfmoe.workflows.experiment.ExperimentWorkflowImpl;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import dev.selfmoe.workflows.spec.SweepSpec;
import dev.selfmoe.workflows.sweep.SweepInput;
import dev.selfmoe.workflows.sweep.SweepResult;
import dev.selfmoe.workflows.sweep.SweepWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment, domain and sweep workflows on Temporal's test server with the real activities: the tiny model, an
 * embedded PostgreSQL and a real artifact store.
 */
class ExperimentWorkflowTest {
  @TempDir static Path home;
  private static EmbeddedPostgres postgres;
  private static SelfmoeDatabase db;
  private static ActivityRuntime activities;
  private static TestWorkflowEnvironment env;
  private static WorkflowClient client;

  @BeforeAll
  static void start() {
    postgres = TestPlatform.postgres(home);
    db = SelfmoeDatabase.connect(postgres);
    activities = new ActivityRuntime(db, home.resolve("artifacts"), TestPlatform.DATA);
    env = TestWorkflowEnvironment.newInstance();
    Workers.register(env.getWorkerFactory(), activities, List.of(QueueSpec.CPU, QueueSpec.GPU));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterAll
  static void stop() {
    env.close();
    activities.close();
    db.close();
    postgres.close();
  }

  private static ExperimentResult run(ExperimentSpec spec, String id) {
    ExperimentWorkflow wf = client.newWorkflowStub(ExperimentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QueueSpec.CPU).build());
    return wf.run(new ExperimentInput(spec, null, null));
  }

  @Test
  void experimentRunsEveryStepAndARerunReusesEverything() throws Exception {
    ExperimentSpec spec = SpecReader.experiment(TestPlatform.tinySpec("wf", "[base, experts, ties, mixse-top1]", ""));
    ExperimentResult first = run(spec, "wf-first");

    assertEquals(5, first.evaluations().size(), "base, 2 experts, ties, mixse on one benchmark");
    assertEquals("completed", db.experiments().find("wf-first").orElseThrow().status().sqlName());
    assertEquals(5, TestPlatform.count(db, "select count(*) from paper_table where experiment_id = 'wf-first'"));
    assertEquals(2, TestPlatform.count(db, "select count(*) from artifact where kind = 'adapter'"));
    assertTrue(TestPlatform.count(db, "select count(*) from routing_stat") > 0, "the mixture's routing is stored");
    assertTrue(first.artifacts().stream().anyMatch(a -> a.kind().equals("routing-analysis")));
    assertTrue(first.computeSeconds() > 0);
    long rows = TestPlatform.count(db, "select (select count(*) from evaluation_item) + (select count(*) from"
        + " training_curve) + (select count(*) from artifact) + (select count(*) from synthetic_data_stats)");

    ExperimentResult again = run(spec, "wf-again");
    assertTrue(again.artifacts().stream().filter(a -> !a.kind().equals("routing-analysis"))
        .allMatch(ArtifactRef::reused), "every artifact is found by its recipe");
    assertTrue(again.evaluations().stream().allMatch(e -> e.reused()), "every evaluation is found by its recipe");
    assertEquals(rows, TestPlatform.count(db, "select (select count(*) from evaluation_item) + (select count(*) from"
        + " training_curve) + (select count(*) from artifact) + (select count(*) from synthetic_data_stats)"),
        "a rerun writes no duplicate rows");
    assertEquals(5, TestPlatform.count(db, "select count(*) from paper_table where experiment_id = 'wf-again'"));

    WorkflowExecutionHistory history = client.fetchHistory("wf-first");
    WorkflowReplayer.replayWorkflowExecution(history, ExperimentWorkflowImpl.class);
    Path recorded = Path.of(System.getProperty("selfmoe.recordHistory", ""));
    if (!recorded.toString().isEmpty()) {
      Files.writeString(recorded, history.toJson(true));
    }
  }

  @Test
  void aBenchmarkLimitedToSomeVariantsScoresOnlyThose() {
    ExperimentSpec spec = SpecReader.experiment(TestPlatform.tinySpec("own", "[base, experts]", "")
        .replace("{name: mmlu, limit: 4, shots: 0}", "{name: mmlu, limit: 4, shots: 0, variants: [base, expert:knowledge]}"));
    ExperimentResult r = run(spec, "wf-own-domain");
    assertEquals(List.of("base", "expert:knowledge"), r.evaluations().stream().map(e -> e.variant()).sorted().toList(),
        "the math expert is built but not scored on MMLU");
    assertEquals(2, TestPlatform.count(db, "select count(*) from results_long where experiment_id = 'wf-own-domain'"));
  }

  @Test
  void badInputFailsFastWithTheReasonAndMarksTheExperimentFailed() {
    ExperimentSpec spec = SpecReader.experiment(TestPlatform.tinySpec("bad", "[expert:math]", "")
        .replace(TestPlatform.STORIES.toString(), "/nonexistent/model.gguf"));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> run(spec, "wf-bad"));
    assertTrue(rootMessage(e).contains("/nonexistent/model.gguf"), rootMessage(e));
    assertEquals("failed", db.experiments().find("wf-bad").orElseThrow().status().sqlName());
  }

  @Test
  void sweepTrainsASharedExpertOnceForAllItsCells() {
    SweepSpec sweep = SpecReader.sweep(SpecReader.tree(TestPlatform.tinySpec("sw", "[base]",
        "sweep: {axes: [{field: variants, values: [[expert:math], [ties]]}]}").replace("domains: [knowledge, math]",
        "domains: [math, coding]").replace("seed: 5", "seed: 11"), "sweep"));
    SweepWorkflow wf = client.newWorkflowStub(SweepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("sweep-sw").setTaskQueue(QueueSpec.CPU).build());
    SweepResult r = wf.run(new SweepInput(sweep.name(), "{}", sweep.cells()));
    assertEquals(2, r.cells().size());
    assertEquals(2, db.experiments().cellsOf("sweep-sw").size());
    assertTrue(r.cells().stream().flatMap(c -> c.artifacts().stream()).filter(a -> a.kind().equals("adapter"))
        .allMatch(ArtifactRef::reused), "the sweep made the shared experts before its cells ran");
    assertEquals(2, TestPlatform.count(db, "select count(*) from sweep_table where sweep_id = 'sweep-sw'"));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

}
