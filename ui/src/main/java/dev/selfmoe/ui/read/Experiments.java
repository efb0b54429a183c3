package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_EVALUATION;
import static dev.selfmoe.db.jooq.Tables.SWEEP;

import dev.selfmoe.db.jooq.tables.records.ExperimentRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Experiments and sweeps for the list page and page headers, newest first. */
public final class Experiments {
  private final DSLContext dsl;

  public Experiments(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * @param status only this status, or null for all
   * @param text only ids, names or cell labels containing it (case-insensitive), or null for all
   */
  public List<ExperimentSummary> list(String status, String text) {
    Condition where = DSL.noCondition();
    if (status != null) {
      where = where.and(EXPERIMENT.STATUS.eq(status));
    }
    if (text != null) {
      String pattern = "%" + text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      where = where.and(DSL.lower(EXPERIMENT.ID).like(pattern).or(DSL.lower(EXPERIMENT.NAME).like(pattern))
          .or(DSL.lower(EXPERIMENT.CELL_LABEL).like(pattern)));
    }
    Field<Integer> evaluations = DSL.selectCount().from(EXPERIMENT_EVALUATION)
        .where(EXPERIMENT_EVALUATION.EXPERIMENT_ID.eq(EXPERIMENT.ID)).asField("evaluations");
    return dsl.select(EXPERIMENT.asterisk(), evaluations)
        .from(EXPERIMENT)
        .where(where)
        .orderBy(EXPERIMENT.CREATED_AT.desc(), EXPERIMENT.ID)
        .fetch(r -> summary(r.into(EXPERIMENT), r.get(evaluations)));
  }

  public Optional<ExperimentSummary> find(String id) {
    return dsl.selectFrom(EXPERIMENT).where(EXPERIMENT.ID.eq(id)).fetchOptional(r -> summary(r, 0));
  }

  /** The spec the experiment ran with, as JSON. */
  public String specJson(String id) {
    return dsl.select(EXPERIMENT.SPEC).from(EXPERIMENT).where(EXPERIMENT.ID.eq(id)).fetchOne(0, String.class);
  }

  public List<SweepSummary> sweeps() {
    return sweeps(DSL.noCondition());
  }

  public Optional<SweepSummary> findSweep(String id) {
    return sweeps(SWEEP.ID.eq(id)).stream().findFirst();
  }

  private List<SweepSummary> sweeps(Condition where) {
    Field<Integer> cells = DSL.count(EXPERIMENT.ID).as("cells");
    Field<Integer> running = DSL.count(EXPERIMENT.ID).filterWhere(EXPERIMENT.STATUS.eq("running")).as("running");
    return dsl.select(SWEEP.ID, SWEEP.NAME, SWEEP.CREATED_AT, cells, running)
        .from(SWEEP)
        .leftJoin(EXPERIMENT).on(EXPERIMENT.SWEEP_ID.eq(SWEEP.ID))
        .where(where)
        .groupBy(SWEEP.ID, SWEEP.NAME, SWEEP.CREATED_AT)
        .orderBy(SWEEP.CREATED_AT.desc(), SWEEP.ID)
        .fetch(r -> new SweepSummary(r.get(SWEEP.ID), r.get(SWEEP.NAME), instant(r.get(SWEEP.CREATED_AT)),
            r.get(cells), r.get(running)));
  }

  /** The cells of a sweep, in label order. */
  public List<ExperimentSummary> cells(String sweepId) {
    return dsl.selectFrom(EXPERIMENT)
        .where(EXPERIMENT.SWEEP_ID.eq(sweepId))
        .orderBy(EXPERIMENT.CELL_LABEL, EXPERIMENT.ID)
        .fetch(r -> summary(r, 0));
  }

  private static ExperimentSummary summary(ExperimentRecord r, Integer evaluations) {
    return new ExperimentSummary(r.getId(), r.getName(), r.getStatus(), r.getSweepId(), r.getCellLabel(),
        instant(r.getCreatedAt()), instant(r.getFinishedAt()), evaluations == null ? 0 : evaluations);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
