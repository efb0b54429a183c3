package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.TRAINING_RUN;
import static dev.selfmoe.db.jooq.Tables.TRAINING_CURVE;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Loss curves of training runs, keyed by the run's recipe key and step. */
public final class TrainingCurveRecords {
  private final DSLContext dsl;

  TrainingCurveRecords(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Names the run that trains a role for a workflow (an experiment, or a sweep training shared experts); a later run
   * for the same role (new settings) replaces it.
   */
  public void recordRun(String workflowId, String role, String runKey) {
    dsl.insertInto(TRAINING_RUN)
        .set(TRAINING_RUN.WORKFLOW_ID, workflowId)
        .set(TRAINING_RUN.ROLE, role)
        .set(TRAINING_RUN.RUN_KEY, runKey)
        .onConflict(TRAINING_RUN.WORKFLOW_ID, TRAINING_RUN.ROLE)
        .doUpdate()
        .set(TRAINING_RUN.RUN_KEY, DSL.excluded(TRAINING_RUN.RUN_KEY))
        .execute();
  }

  /** Steps already recorded (by a retried or resumed run) are left as they are. */
  public void recordSteps(String runKey, List<CurvePoint> points) {
    dsl.transaction(configuration -> {
      for (List<CurvePoint> batch : Batches.of(points, 5)) {
        var insert = configuration.dsl().insertInto(TRAINING_CURVE, TRAINING_CURVE.RUN_KEY, TRAINING_CURVE.STEP,
            TRAINING_CURVE.LOSS, TRAINING_CURVE.LEARNING_RATE, TRAINING_CURVE.TOKENS_PER_SECOND);
        for (CurvePoint point : batch) {
          insert = insert.values(runKey, point.step(), point.loss(), point.learningRate(), point.tokensPerSecond());
        }
        insert.onConflictDoNothing().execute();
      }
    });
  }

  /** By step. */
  public List<CurvePoint> of(String runKey) {
    return dsl.select(TRAINING_CURVE.STEP, TRAINING_CURVE.LOSS, TRAINING_CURVE.LEARNING_RATE,
            TRAINING_CURVE.TOKENS_PER_SECOND)
        .from(TRAINING_CURVE)
        .where(TRAINING_CURVE.RUN_KEY.eq(runKey))
        .orderBy(TRAINING_CURVE.STEP)
        .fetch(record -> new CurvePoint(record.value1(), record.value2(), record.value3(), record.value4()));
  }
}
