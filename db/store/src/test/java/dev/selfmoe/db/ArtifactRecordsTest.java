package dev.selfmoe.db;

import static dev.selfmoe.db.Hashes.sha256;
import static dev.selfmoe.db.jooq.Tables.ARTIFACT;
import static dev.selfmoe.db.jooq.Tables.ARTIFACT_LINEAGE;
import static dev.selfmoe.db.jooq.Tables.ARTIFACT_RECIPE;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_ARTIFACT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class ArtifactRecordsTest {
  private static final String DATA = sha256("math data");
  private static final String BASE = sha256("base model");
  private static final String ADAPTER = sha256("math adapter");

  @Test
  void recordingAnArtifactTwiceWritesEachRowOnce(SelfmoeDatabase db) {
    ArtifactRecords artifacts = db.artifacts();
    recordParents(artifacts);
    for (int attempt = 0; attempt < 2; attempt++) {
      ArtifactRow recorded = artifacts.recordArtifact(ADAPTER, "adapter", 1234, "file:///a/adapter", "recipe-adapter",
          "{\"rank\": 8}", List.of(new Lineage(BASE, "base"), new Lineage(DATA, "training-data")));
      assertEquals(ADAPTER, recorded.sha256());
    }

    assertEquals(3, db.dsl().fetchCount(ARTIFACT));
    assertEquals(3, db.dsl().fetchCount(ARTIFACT_RECIPE));
    assertEquals(2, db.dsl().fetchCount(ARTIFACT_LINEAGE));
  }

  @Test
  void lineageAndRecipeRoundTrip(SelfmoeDatabase db) {
    ArtifactRecords artifacts = db.artifacts();
    recordParents(artifacts);
    artifacts.recordArtifact(ADAPTER, "adapter", 1234, "file:///a/adapter", "recipe-adapter", "{\"rank\": 8}",
        List.of(new Lineage(DATA, "training-data"), new Lineage(BASE, "base")));

    assertEquals(List.of(new Lineage(BASE, "base"), new Lineage(DATA, "training-data")), artifacts.parentsOf(ADAPTER));
    ArtifactRow found = artifacts.findByRecipe("recipe-adapter").orElseThrow();
    assertEquals(new ArtifactRow(ADAPTER, "adapter", 1234, "file:///a/adapter", found.createdAt()), found);
    assertEquals(found, artifacts.find(ADAPTER).orElseThrow());
    assertTrue(artifacts.findByRecipe("recipe-never-run").isEmpty());
  }

  @Test
  void aRecipeKeepsNamingTheArtifactRecordedFirst(SelfmoeDatabase db) {
    ArtifactRecords artifacts = db.artifacts();
    artifacts.recordArtifact(DATA, "synthetic-data", 10, "file:///first", "recipe-data", "{}", List.of());
    String rerun = sha256("math data, generated again");

    ArtifactRow named = artifacts.recordArtifact(rerun, "synthetic-data", 11, "file:///second", "recipe-data", "{}",
        List.of());

    assertEquals(DATA, named.sha256());
    assertEquals(DATA, artifacts.findByRecipe("recipe-data").orElseThrow().sha256());
  }

  @Test
  void aParentThatWasNeverRecordedIsNamed(SelfmoeDatabase db) {
    var error = assertThrows(IllegalArgumentException.class, () -> db.artifacts().recordArtifact(ADAPTER, "adapter",
        1, "file:///a", "recipe-adapter", "{}", List.of(new Lineage(BASE, "base"))));
    assertTrue(error.getMessage().contains(BASE), error.getMessage());
    assertTrue(db.artifacts().find(ADAPTER).isEmpty());
  }

  @Test
  void linkingARoleTwiceKeepsOneRowPointingAtTheLatestArtifact(SelfmoeDatabase db) {
    ArtifactRecords artifacts = db.artifacts();
    recordParents(artifacts);
    db.experiments().upsertExperiment("wf-1", "name", "{}", "hash", null, null);

    artifacts.linkToExperiment("wf-1", "expert:math", DATA);
    artifacts.linkToExperiment("wf-1", "expert:math", DATA);
    artifacts.linkToExperiment("wf-1", "base", BASE);
    artifacts.linkToExperiment("wf-1", "expert:math", BASE);

    assertEquals(2, db.dsl().fetchCount(EXPERIMENT_ARTIFACT));
    assertEquals(List.of(new ExperimentArtifactRow("wf-1", "base", BASE, "base-model", "file:///base"),
            new ExperimentArtifactRow("wf-1", "expert:math", BASE, "base-model", "file:///base")),
        artifacts.ofExperiment("wf-1"));
  }

  private static void recordParents(ArtifactRecords artifacts) {
    artifacts.recordArtifact(BASE, "base-model", 99, "file:///base", "recipe-base", "{}", List.of());
    artifacts.recordArtifact(DATA, "synthetic-data", 10, "file:///data", "recipe-data", "{}", List.of());
  }
}
