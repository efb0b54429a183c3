package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.ARTIFACT;
import static dev.selfmoe.db.jooq.Tables.ARTIFACT_LINEAGE;
import static dev.selfmoe.db.jooq.Tables.ARTIFACT_RECIPE;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_ARTIFACT;

import dev.selfmoe.db.jooq.tables.records.ArtifactRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Content-addressed artifacts, the recipes that made them, their parents, and their roles in experiments. */
public final class ArtifactRecords {
  private final DSLContext dsl;

  ArtifactRecords(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Records the artifact, the recipe that made it (skipped when {@code recipeKey} is null) and its parents, in one
   * transaction, each only if not yet there. Returns the artifact the recipe now names: this one, or the one an
   * earlier writer of the same recipe recorded first. Parents must already be recorded.
   */
  public ArtifactRow recordArtifact(String sha256, String kind, long sizeBytes, String uri, String recipeKey,
      String recipeJson, List<Lineage> parents) {
    return dsl.transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      requireRecorded(tx, sha256, parents);
      tx.insertInto(ARTIFACT)
          .set(ARTIFACT.SHA256, sha256)
          .set(ARTIFACT.KIND, kind)
          .set(ARTIFACT.SIZE_BYTES, sizeBytes)
          .set(ARTIFACT.URI, uri)
          .onConflictDoNothing()
          .execute();
      if (recipeKey != null) {
        tx.insertInto(ARTIFACT_RECIPE)
            .set(ARTIFACT_RECIPE.RECIPE_KEY, recipeKey)
            .set(ARTIFACT_RECIPE.SHA256, sha256)
            .set(ARTIFACT_RECIPE.KIND, kind)
            .set(ARTIFACT_RECIPE.RECIPE, JSONB.valueOf(recipeJson))
            .onConflictDoNothing()
            .execute();
      }
      if (!parents.isEmpty()) {
        var insert = tx.insertInto(ARTIFACT_LINEAGE,
            ARTIFACT_LINEAGE.CHILD_SHA256, ARTIFACT_LINEAGE.PARENT_SHA256, ARTIFACT_LINEAGE.ROLE);
        for (Lineage parent : parents) {
          insert = insert.values(sha256, parent.parentSha256(), parent.role());
        }
        insert.onConflictDoNothing().execute();
      }
      Optional<ArtifactRow> named = recipeKey == null ? find(tx, sha256) : findByRecipe(tx, recipeKey);
      return named.orElseThrow();
    });
  }

  /** The artifact an earlier run of the same recipe made, if any: what lets a step skip its work. */
  public Optional<ArtifactRow> findByRecipe(String recipeKey) {
    return findByRecipe(dsl, recipeKey);
  }

  public Optional<ArtifactRow> find(String sha256) {
    return find(dsl, sha256);
  }

  public List<Lineage> parentsOf(String childSha256) {
    return dsl.select(ARTIFACT_LINEAGE.PARENT_SHA256, ARTIFACT_LINEAGE.ROLE)
        .from(ARTIFACT_LINEAGE)
        .where(ARTIFACT_LINEAGE.CHILD_SHA256.eq(childSha256))
        .orderBy(ARTIFACT_LINEAGE.ROLE, ARTIFACT_LINEAGE.PARENT_SHA256)
        .fetch(record -> new Lineage(record.value1(), record.value2()));
  }

  /** Gives the artifact a role in the experiment; a later call for the same role replaces the artifact. */
  public void linkToExperiment(String experimentId, String role, String sha256) {
    dsl.insertInto(EXPERIMENT_ARTIFACT)
        .set(EXPERIMENT_ARTIFACT.EXPERIMENT_ID, experimentId)
        .set(EXPERIMENT_ARTIFACT.ROLE, role)
        .set(EXPERIMENT_ARTIFACT.SHA256, sha256)
        .onConflict(EXPERIMENT_ARTIFACT.EXPERIMENT_ID, EXPERIMENT_ARTIFACT.ROLE)
        .doUpdate()
        .set(EXPERIMENT_ARTIFACT.SHA256, DSL.excluded(EXPERIMENT_ARTIFACT.SHA256))
        .execute();
  }

  /** By role. */
  public List<ExperimentArtifactRow> ofExperiment(String experimentId) {
    return dsl.select(EXPERIMENT_ARTIFACT.EXPERIMENT_ID, EXPERIMENT_ARTIFACT.ROLE, ARTIFACT.SHA256, ARTIFACT.KIND,
            ARTIFACT.URI)
        .from(EXPERIMENT_ARTIFACT)
        .join(ARTIFACT).on(ARTIFACT.SHA256.eq(EXPERIMENT_ARTIFACT.SHA256))
        .where(EXPERIMENT_ARTIFACT.EXPERIMENT_ID.eq(experimentId))
        .orderBy(EXPERIMENT_ARTIFACT.ROLE)
        .fetch(record -> new ExperimentArtifactRow(
            record.value1(), record.value2(), record.value3(), record.value4(), record.value5()));
  }

  private static Optional<ArtifactRow> find(DSLContext dsl, String sha256) {
    return dsl.selectFrom(ARTIFACT).where(ARTIFACT.SHA256.eq(sha256)).fetchOptional(ArtifactRecords::row);
  }

  private static Optional<ArtifactRow> findByRecipe(DSLContext dsl, String recipeKey) {
    return dsl.select(ARTIFACT.fields())
        .from(ARTIFACT)
        .join(ARTIFACT_RECIPE).on(ARTIFACT_RECIPE.SHA256.eq(ARTIFACT.SHA256))
        .where(ARTIFACT_RECIPE.RECIPE_KEY.eq(recipeKey))
        .fetchOptional(record -> row(record.into(ARTIFACT)));
  }

  /** Names the missing parent, where the foreign key would only name the constraint. */
  private static void requireRecorded(DSLContext tx, String childSha256, List<Lineage> parents) {
    if (parents.isEmpty()) {
      return;
    }
    Set<String> wanted = new LinkedHashSet<>();
    parents.forEach(parent -> wanted.add(parent.parentSha256()));
    wanted.removeAll(tx.select(ARTIFACT.SHA256).from(ARTIFACT).where(ARTIFACT.SHA256.in(wanted))
        .fetchSet(ARTIFACT.SHA256));
    if (!wanted.isEmpty()) {
      throw new IllegalArgumentException("parent artifact " + wanted.iterator().next() + " of " + childSha256
          + " is not recorded; record parents before their children");
    }
  }

  private static ArtifactRow row(ArtifactRecord record) {
    return new ArtifactRow(record.getSha256(), record.getKind(), record.getSizeBytes(), record.getUri(),
        Timestamps.instant(record.getCreatedAt()));
  }
}
