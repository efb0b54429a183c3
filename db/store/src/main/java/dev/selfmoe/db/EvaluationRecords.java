package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.EVALUATION;
import static dev.selfmoe.db.jooq.Tables.EVALUATION_ITEM;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_EVALUATION;
import static dev.selfmoe.db.jooq.Tables.PAIRED_VS_BASE;
import static dev.selfmoe.db.jooq.Tables.PAPER_TABLE;
import static dev.selfmoe.db.jooq.Tables.RESULTS_LONG;
import static dev.selfmoe.db.jooq.Tables.SWEEP_TABLE;

import dev.selfmoe.db.jooq.tables.records.EvaluationRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Evaluations with their per-item records, their place in experiments, and the paper-shaped views over them. */
public final class EvaluationRecords {
  private final DSLContext dsl;

  EvaluationRecords(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Records the evaluation and all its items in one transaction, items in multi-row batches. An evaluation already
   * recorded under the key keeps its first score and items.
   */
  public void recordEvaluation(EvaluationRow evaluation, List<EvaluationItemRow> items) {
    dsl.transaction(configuration -> {
      DSLContext tx = configuration.dsl();
      tx.insertInto(EVALUATION)
          .set(EVALUATION.EVAL_KEY, evaluation.evalKey())
          .set(EVALUATION.BENCHMARK, evaluation.benchmark())
          .set(EVALUATION.SHOTS, evaluation.shots())
          .set(EVALUATION.LIMIT_N, evaluation.limitN())
          .set(EVALUATION.DRAW_SEED, evaluation.drawSeed())
          .set(EVALUATION.SCORE, evaluation.score())
          .set(EVALUATION.N, evaluation.n())
          .set(EVALUATION.CI_LOW, evaluation.ciLow())
          .set(EVALUATION.CI_HIGH, evaluation.ciHigh())
          .set(EVALUATION.SUB_SCORES, jsonb(evaluation.subScoresJson()))
          .onConflictDoNothing()
          .execute();
      for (List<EvaluationItemRow> batch : Batches.of(items, 10)) {
        var insert = tx.insertInto(EVALUATION_ITEM, EVALUATION_ITEM.EVAL_KEY, EVALUATION_ITEM.ITEM_INDEX,
            EVALUATION_ITEM.ITEM_ID, EVALUATION_ITEM.ITEM_GROUP, EVALUATION_ITEM.PROMPT, EVALUATION_ITEM.OUTPUT,
            EVALUATION_ITEM.EXTRACTED, EVALUATION_ITEM.TARGET, EVALUATION_ITEM.CORRECT, EVALUATION_ITEM.SCORE);
        for (EvaluationItemRow item : batch) {
          insert = insert.values(evaluation.evalKey(), item.itemIndex(), item.itemId(), item.itemGroup(),
              item.prompt(), item.output(), item.extracted(), item.target(), item.correct(), item.score());
        }
        insert.onConflictDoNothing().execute();
      }
    });
  }

  /** Makes the evaluation the given draw of a variant on a benchmark; a later call for the same draw replaces it. */
  public void linkEvaluation(String experimentId, String variant, String benchmark, int draw, String evalKey) {
    dsl.insertInto(EXPERIMENT_EVALUATION)
        .set(EXPERIMENT_EVALUATION.EXPERIMENT_ID, experimentId)
        .set(EXPERIMENT_EVALUATION.VARIANT, variant)
        .set(EXPERIMENT_EVALUATION.BENCHMARK, benchmark)
        .set(EXPERIMENT_EVALUATION.DRAW, draw)
        .set(EXPERIMENT_EVALUATION.EVAL_KEY, evalKey)
        .onConflict(EXPERIMENT_EVALUATION.EXPERIMENT_ID, EXPERIMENT_EVALUATION.VARIANT,
            EXPERIMENT_EVALUATION.BENCHMARK, EXPERIMENT_EVALUATION.DRAW)
        .doUpdate()
        .set(EXPERIMENT_EVALUATION.EVAL_KEY, DSL.excluded(EXPERIMENT_EVALUATION.EVAL_KEY))
        .execute();
  }

  /** The evaluation already done under this recipe key, if any: what lets an evaluation step skip its work. */
  public Optional<EvaluationRow> find(String evalKey) {
    return dsl.selectFrom(EVALUATION).where(EVALUATION.EVAL_KEY.eq(evalKey)).fetchOptional(EvaluationRecords::row);
  }

  /** By item index. */
  public List<EvaluationItemRow> itemsOf(String evalKey) {
    return dsl.selectFrom(EVALUATION_ITEM)
        .where(EVALUATION_ITEM.EVAL_KEY.eq(evalKey))
        .orderBy(EVALUATION_ITEM.ITEM_INDEX)
        .fetch(item -> new EvaluationItemRow(item.getItemIndex(), item.getItemId(), item.getItemGroup(),
            item.getPrompt(), item.getOutput(), item.getExtracted(), item.getTarget(), item.getCorrect(),
            item.getScore()));
  }

  /** Every draw of every variant and benchmark, by variant, benchmark and draw. */
  public List<ResultRow> resultsOf(String experimentId) {
    return dsl.selectFrom(RESULTS_LONG)
        .where(RESULTS_LONG.EXPERIMENT_ID.eq(experimentId))
        .orderBy(RESULTS_LONG.VARIANT, RESULTS_LONG.BENCHMARK, RESULTS_LONG.DRAW)
        .fetch(r -> new ResultRow(r.getExperimentId(), r.getVariant(), r.getBenchmark(), r.getDraw(), r.getScore(),
            r.getN(), r.getCiLow(), r.getCiHigh()));
  }

  /** Every other variant of the experiment against base, item by item, with McNemar's p. By variant and benchmark. */
  public List<PairedCounts> pairedAgainstBase(String experimentId) {
    return dsl.selectFrom(PAIRED_VS_BASE)
        .where(PAIRED_VS_BASE.EXPERIMENT_ID.eq(experimentId))
        .orderBy(PAIRED_VS_BASE.VARIANT, PAIRED_VS_BASE.BENCHMARK)
        .fetch(r -> new PairedCounts(r.getVariant(), r.getBenchmark(), r.getPaired().intValue(),
            r.getGained().intValue(), r.getLost().intValue(), r.getP()));
  }

  /** By variant. */
  public List<PaperTableRow> paperTable(String experimentId) {
    return dsl.selectFrom(PAPER_TABLE)
        .where(PAPER_TABLE.EXPERIMENT_ID.eq(experimentId))
        .orderBy(PAPER_TABLE.VARIANT)
        .fetch(r -> new PaperTableRow(r.getExperimentId(), r.getVariant(), r.getMmlu(), r.getBbh(), r.getGsm8k(),
            r.getHumaneval(), r.getAverage()));
  }

  /** By cell and variant. */
  public List<SweepTableRow> sweepTable(String sweepId) {
    return dsl.selectFrom(SWEEP_TABLE)
        .where(SWEEP_TABLE.SWEEP_ID.eq(sweepId))
        .orderBy(SWEEP_TABLE.CELL_LABEL, SWEEP_TABLE.EXPERIMENT_ID, SWEEP_TABLE.VARIANT)
        .fetch(r -> new SweepTableRow(r.getSweepId(), r.getCellLabel(), r.getExperimentId(), r.getVariant(),
            r.getMmlu(), r.getBbh(), r.getGsm8k(), r.getHumaneval(), r.getAverage()));
  }

  private static JSONB jsonb(String json) {
    return json == null ? null : JSONB.valueOf(json);
  }

  private static EvaluationRow row(EvaluationRecord record) {
    return new EvaluationRow(record.getEvalKey(), record.getBenchmark(), record.getShots(), record.getLimitN(),
        record.getDrawSeed(), record.getScore(), record.getN(), record.getCiLow(), record.getCiHigh(),
        record.getSubScores() == null ? null : record.getSubScores().data());
  }
}
