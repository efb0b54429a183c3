package dev.selfmoe.activities.records;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_EVALUATION;
import static dev.selfmoe.db.jooq.Tables.ROUTING_STAT;

import dev.selfmoe.db.SelfmoeDatabase;
import java.util.List;

/** The per-layer routing rows of an experiment's evaluations, with the variant and benchmark each was linked as. */
final class RoutingSamples {
  private RoutingSamples() {}

  static List<RoutingSample> of(SelfmoeDatabase db, String experimentId, List<String> evalKeys) {
    return db.dsl()
        .select(EXPERIMENT_EVALUATION.VARIANT, EXPERIMENT_EVALUATION.BENCHMARK, ROUTING_STAT.LAYER,
            ROUTING_STAT.EXPERT_INDEX, ROUTING_STAT.EXPERT_NAME, ROUTING_STAT.MEAN_WEIGHT, ROUTING_STAT.TOP1_SHARE,
            ROUTING_STAT.TOKENS)
        .from(EXPERIMENT_EVALUATION)
        .join(ROUTING_STAT).on(ROUTING_STAT.EVAL_KEY.eq(EXPERIMENT_EVALUATION.EVAL_KEY))
        .where(EXPERIMENT_EVALUATION.EXPERIMENT_ID.eq(experimentId))
        .and(EXPERIMENT_EVALUATION.EVAL_KEY.in(evalKeys))
        .orderBy(EXPERIMENT_EVALUATION.VARIANT, EXPERIMENT_EVALUATION.BENCHMARK, EXPERIMENT_EVALUATION.DRAW,
            ROUTING_STAT.LAYER, ROUTING_STAT.EXPERT_INDEX)
        .fetch(r -> new RoutingSample(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
            r.value7(), r.value8()));
  }
}
