package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT;
import static dev.selfmoe.db.jooq.Tables.SWEEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class ExperimentRecordsTest {
  @Test
  void upsertingAnExperimentTwiceKeepsOneRowAndItsCreationTime(SelfmoeDatabase db) {
    ExperimentRecords experiments = db.experiments();
    experiments.upsertExperiment("wf-1", "first name", "{\"a\": 1}", "hash-1", null, null);
    ExperimentRow first = experiments.find("wf-1").orElseThrow();
    experiments.upsertExperiment("wf-1", "second name", "{\"a\": 2}", "hash-2", null, null);

    ExperimentRow second = experiments.find("wf-1").orElseThrow();
    assertEquals(1, db.dsl().fetchCount(EXPERIMENT));
    assertEquals("second name", second.name());
    assertEquals("{\"a\": 2}", second.specJson());
    assertEquals(first.createdAt(), second.createdAt());
    assertEquals(ExperimentStatus.RUNNING, second.status());
    assertNull(second.finishedAt());
  }

  @Test
  void terminalStatusStampsTheFinishTimeOnceAndRunningClearsIt(SelfmoeDatabase db) {
    ExperimentRecords experiments = db.experiments();
    experiments.upsertExperiment("wf-1", "name", "{}", "hash", null, null);

    experiments.setStatus("wf-1", ExperimentStatus.COMPLETED);
    ExperimentRow completed = experiments.find("wf-1").orElseThrow();
    experiments.setStatus("wf-1", ExperimentStatus.COMPLETED);
    ExperimentRow completedAgain = experiments.find("wf-1").orElseThrow();
    experiments.setStatus("wf-1", ExperimentStatus.RUNNING);

    assertEquals(ExperimentStatus.COMPLETED, completed.status());
    assertNotNull(completed.finishedAt());
    assertEquals(completed.finishedAt(), completedAgain.finishedAt());
    assertNull(experiments.find("wf-1").orElseThrow().finishedAt());
  }

  @Test
  void settingTheStatusOfAnUnknownExperimentNamesIt(SelfmoeDatabase db) {
    var error = assertThrows(NoSuchElementException.class,
        () -> db.experiments().setStatus("no-such-workflow", ExperimentStatus.FAILED));
    assertTrue(error.getMessage().contains("no-such-workflow"));
  }

  @Test
  void sweepCellsAreListedByLabel(SelfmoeDatabase db) {
    ExperimentRecords experiments = db.experiments();
    experiments.upsertSweep("sweep-1", "experts", "{\"axis\": \"experts\"}");
    experiments.upsertSweep("sweep-1", "experts", "{\"axis\": \"experts\"}");
    experiments.upsertExperiment("wf-b", "cell", "{}", "h", "sweep-1", "b");
    experiments.upsertExperiment("wf-a", "cell", "{}", "h", "sweep-1", "a");
    experiments.upsertExperiment("wf-alone", "alone", "{}", "h", null, null);

    assertEquals(1, db.dsl().fetchCount(SWEEP));
    assertEquals(List.of("wf-a", "wf-b"), experiments.cellsOf("sweep-1").stream().map(ExperimentRow::id).toList());
    assertEquals(3, experiments.list().size());
    SweepRow sweep = experiments.findSweep("sweep-1").orElseThrow();
    assertEquals("experts", sweep.name());
    assertEquals("{\"axis\": \"experts\"}", sweep.specJson());
    assertTrue(experiments.findSweep("wf-a").isEmpty());
  }

  @Test
  void aVariantsRecordIsReplacedNotRepeated(SelfmoeDatabase db) {
    db.experiments().upsertExperiment("wf-1", "variants", "{}", "h", null, null);
    db.artifacts().recordArtifact("a".repeat(64), "mixture", 1, "file:///m", "key-1", "{\"kind\": \"mixture\"}",
        List.of());
    db.experiments().recordVariant("wf-1", "base", "base", null, 0);
    db.experiments().recordVariant("wf-1", "mixse-top1", "mixse", "key-1", 2);
    db.experiments().recordVariant("wf-1", "mixse-top1", "mixse", "key-1", 1);

    assertEquals(List.of(Arrays.asList("base", "base", null, "0"), List.of("mixse-top1", "mixse", "key-1", "1")),
        db.sql("select variant, kind, recipe_key, top_k from experiment_variant order by variant").rows());
  }
}
