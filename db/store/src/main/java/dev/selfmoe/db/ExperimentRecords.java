package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_VARIANT;
import static dev.selfmoe.db.jooq.Tables.SWEEP;

import dev.selfmoe.db.jooq.tables.records.ExperimentRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Sweeps and experiments, keyed by ids the caller chooses (an experiment's is its Temporal workflow id). */
public final class ExperimentRecords {
  private final DSLContext dsl;

  ExperimentRecords(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Inserts, or refreshes name and spec of, the sweep; its creation time stays the first one. */
  public void upsertSweep(String id, String name, String specJson) {
    dsl.insertInto(SWEEP)
        .set(SWEEP.ID, id)
        .set(SWEEP.NAME, name)
        .set(SWEEP.SPEC, JSONB.valueOf(specJson))
        .onConflict(SWEEP.ID)
        .doUpdate()
        .set(SWEEP.NAME, DSL.excluded(SWEEP.NAME))
        .set(SWEEP.SPEC, DSL.excluded(SWEEP.SPEC))
        .execute();
  }

  /**
   * Inserts a running experiment, or refreshes an existing one's description; creation time and status stay as they
   * are (use {@link #setStatus} to change the status).
   */
  public void upsertExperiment(
      String id, String name, String specJson, String specHash, String sweepId, String cellLabel) {
    dsl.insertInto(EXPERIMENT)
        .set(EXPERIMENT.ID, id)
        .set(EXPERIMENT.NAME, name)
        .set(EXPERIMENT.SPEC, JSONB.valueOf(specJson))
        .set(EXPERIMENT.SPEC_HASH, specHash)
        .set(EXPERIMENT.SWEEP_ID, sweepId)
        .set(EXPERIMENT.CELL_LABEL, cellLabel)
        .onConflict(EXPERIMENT.ID)
        .doUpdate()
        .set(EXPERIMENT.NAME, DSL.excluded(EXPERIMENT.NAME))
        .set(EXPERIMENT.SPEC, DSL.excluded(EXPERIMENT.SPEC))
        .set(EXPERIMENT.SPEC_HASH, DSL.excluded(EXPERIMENT.SPEC_HASH))
        .set(EXPERIMENT.SWEEP_ID, DSL.excluded(EXPERIMENT.SWEEP_ID))
        .set(EXPERIMENT.CELL_LABEL, DSL.excluded(EXPERIMENT.CELL_LABEL))
        .execute();
  }

  /**
   * Terminal states stamp the finish time, and a repeated call keeps the first stamp; going back to running clears
   * it. Throws {@link NoSuchElementException} for an unknown id.
   */
  public void setStatus(String id, ExperimentStatus status) {
    Field<OffsetDateTime> now = DSL.currentOffsetDateTime();
    Field<OffsetDateTime> finishedAt = status.isTerminal()
        ? DSL.when(EXPERIMENT.STATUS.eq(status.sqlName()), DSL.coalesce(EXPERIMENT.FINISHED_AT, now)).otherwise(now)
        : DSL.castNull(EXPERIMENT.FINISHED_AT);
    int updated = dsl.update(EXPERIMENT)
        .set(EXPERIMENT.STATUS, status.sqlName())
        .set(EXPERIMENT.FINISHED_AT, finishedAt)
        .where(EXPERIMENT.ID.eq(id))
        .execute();
    if (updated == 0) {
      throw new NoSuchElementException("no experiment with id " + id);
    }
  }

  /**
   * Records what a variant of the experiment runs on: its kind, the recipe key of its artifact (null for the base
   * model) and its top-k. A later call for the same variant replaces it.
   */
  public void recordVariant(String experimentId, String variant, String kind, String recipeKey, int topK) {
    dsl.insertInto(EXPERIMENT_VARIANT)
        .set(EXPERIMENT_VARIANT.EXPERIMENT_ID, experimentId)
        .set(EXPERIMENT_VARIANT.VARIANT, variant)
        .set(EXPERIMENT_VARIANT.KIND, kind)
        .set(EXPERIMENT_VARIANT.RECIPE_KEY, recipeKey)
        .set(EXPERIMENT_VARIANT.TOP_K, topK)
        .onConflict(EXPERIMENT_VARIANT.EXPERIMENT_ID, EXPERIMENT_VARIANT.VARIANT)
        .doUpdate()
        .set(EXPERIMENT_VARIANT.KIND, DSL.excluded(EXPERIMENT_VARIANT.KIND))
        .set(EXPERIMENT_VARIANT.RECIPE_KEY, DSL.excluded(EXPERIMENT_VARIANT.RECIPE_KEY))
        .set(EXPERIMENT_VARIANT.TOP_K, DSL.excluded(EXPERIMENT_VARIANT.TOP_K))
        .execute();
  }

  public Optional<ExperimentRow> find(String id) {
    return dsl.selectFrom(EXPERIMENT).where(EXPERIMENT.ID.eq(id)).fetchOptional(ExperimentRecords::row);
  }

  /** Oldest first. */
  public List<ExperimentRow> list() {
    return dsl.selectFrom(EXPERIMENT).orderBy(EXPERIMENT.CREATED_AT, EXPERIMENT.ID).fetch(ExperimentRecords::row);
  }

  public Optional<SweepRow> findSweep(String id) {
    return dsl.selectFrom(SWEEP).where(SWEEP.ID.eq(id)).fetchOptional(r -> new SweepRow(r.getId(), r.getName(),
        r.getSpec().data(), Timestamps.instant(r.getCreatedAt())));
  }

  public List<ExperimentRow> cellsOf(String sweepId) {
    return dsl.selectFrom(EXPERIMENT)
        .where(EXPERIMENT.SWEEP_ID.eq(sweepId))
        .orderBy(EXPERIMENT.CELL_LABEL, EXPERIMENT.ID)
        .fetch(ExperimentRecords::row);
  }

  private static ExperimentRow row(ExperimentRecord record) {
    return new ExperimentRow(record.getId(), record.getName(), record.getSpec().data(), record.getSpecHash(),
        record.getSweepId(), record.getCellLabel(), ExperimentStatus.fromSqlName(record.getStatus()),
        Timestamps.instant(record.getCreatedAt()), Timestamps.instant(record.getFinishedAt()));
  }
}
