package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.ROUTING_BY_BENCHMARK;
import static dev.selfmoe.db.jooq.Tables.ROUTING_STAT;

import java.util.List;
import org.jooq.DSLContext;

/** Per-layer routing statistics of evaluations, and their per-benchmark summary. */
public final class RoutingRecords {
  private final DSLContext dsl;

  RoutingRecords(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** In multi-row batches, one transaction; rows already recorded for a layer and expert are left as they are. */
  public void record(String evalKey, List<RoutingRow> rows) {
    dsl.transaction(configuration -> {
      for (List<RoutingRow> batch : Batches.of(rows, 7)) {
        var insert = configuration.dsl().insertInto(ROUTING_STAT, ROUTING_STAT.EVAL_KEY, ROUTING_STAT.LAYER,
            ROUTING_STAT.EXPERT_INDEX, ROUTING_STAT.EXPERT_NAME, ROUTING_STAT.MEAN_WEIGHT, ROUTING_STAT.TOP1_SHARE,
            ROUTING_STAT.TOKENS);
        for (RoutingRow row : batch) {
          insert = insert.values(evalKey, row.layer(), row.expertIndex(), row.expertName(), row.meanWeight(),
              row.top1Share(), row.tokens());
        }
        insert.onConflictDoNothing().execute();
      }
    });
  }

  /** By variant, benchmark and expert index. */
  public List<RoutingSummaryRow> byBenchmark(String experimentId) {
    return dsl.selectFrom(ROUTING_BY_BENCHMARK)
        .where(ROUTING_BY_BENCHMARK.EXPERIMENT_ID.eq(experimentId))
        .orderBy(ROUTING_BY_BENCHMARK.VARIANT, ROUTING_BY_BENCHMARK.BENCHMARK, ROUTING_BY_BENCHMARK.EXPERT_INDEX)
        .fetch(r -> new RoutingSummaryRow(r.getExperimentId(), r.getVariant(), r.getBenchmark(), r.getExpertIndex(),
            r.getExpertName(), r.getMeanWeight(), r.getTop1Share(), r.getTokens()));
  }
}
