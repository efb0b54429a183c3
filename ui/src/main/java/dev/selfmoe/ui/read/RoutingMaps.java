package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_EVALUATION;
import static dev.selfmoe.db.jooq.Tables.ROUTING_BY_BENCHMARK;
import static dev.selfmoe.db.jooq.Tables.ROUTING_STAT;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Where a routed variant sent its tokens (Fig. 3): the mean routing weight and top-1 share of each expert, per
 * benchmark (layers averaged) or per layer on one benchmark; draws are averaged weighted by the tokens each saw.
 */
public final class RoutingMaps {
  /** One heatmap cell: {@code row} is a benchmark or a layer number. */
  public record Cell(String row, int expertIndex, String expert, double meanWeight, double top1Share, long tokens) {}

  private final DSLContext dsl;

  public RoutingMaps(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** The variants that have routing statistics, in paper order. */
  public List<String> routedVariants(String experimentId) {
    TreeSet<String> variants = new TreeSet<>(PaperOrder.VARIANT);
    variants.addAll(dsl.selectDistinct(ROUTING_BY_BENCHMARK.VARIANT)
        .from(ROUTING_BY_BENCHMARK)
        .where(ROUTING_BY_BENCHMARK.EXPERIMENT_ID.eq(experimentId))
        .fetch(ROUTING_BY_BENCHMARK.VARIANT));
    return List.copyOf(variants);
  }

  public List<Cell> byBenchmark(String experimentId, String variant) {
    return dsl.selectFrom(ROUTING_BY_BENCHMARK)
        .where(ROUTING_BY_BENCHMARK.EXPERIMENT_ID.eq(experimentId))
        .and(ROUTING_BY_BENCHMARK.VARIANT.eq(variant))
        .orderBy(ROUTING_BY_BENCHMARK.BENCHMARK, ROUTING_BY_BENCHMARK.EXPERT_INDEX)
        .fetch(r -> new Cell(r.getBenchmark(), r.getExpertIndex(), r.getExpertName(), r.getMeanWeight(),
            r.getTop1Share(), r.getTokens()));
  }

  public List<Cell> byLayer(String experimentId, String variant, String benchmark) {
    Field<Long> tokens = DSL.sum(ROUTING_STAT.TOKENS).cast(Long.class).as("tokens");
    Field<Double> weight = weighted(ROUTING_STAT.MEAN_WEIGHT).as("mean_weight");
    Field<Double> top1 = weighted(ROUTING_STAT.TOP1_SHARE).as("top1_share");
    return dsl.select(ROUTING_STAT.LAYER, ROUTING_STAT.EXPERT_INDEX, ROUTING_STAT.EXPERT_NAME, weight, top1, tokens)
        .from(EXPERIMENT_EVALUATION)
        .join(ROUTING_STAT).on(ROUTING_STAT.EVAL_KEY.eq(EXPERIMENT_EVALUATION.EVAL_KEY))
        .where(EXPERIMENT_EVALUATION.EXPERIMENT_ID.eq(experimentId))
        .and(EXPERIMENT_EVALUATION.VARIANT.eq(variant))
        .and(EXPERIMENT_EVALUATION.BENCHMARK.eq(benchmark))
        .groupBy(ROUTING_STAT.LAYER, ROUTING_STAT.EXPERT_INDEX, ROUTING_STAT.EXPERT_NAME)
        .orderBy(ROUTING_STAT.LAYER, ROUTING_STAT.EXPERT_INDEX)
        .fetch(r -> new Cell(Integer.toString(r.value1()), r.value2(), r.value3(), r.value4(), r.value5(),
            r.value6()));
  }

  /** As the routing_by_benchmark view averages: by tokens, or plainly where no tokens were counted. */
  private static Field<Double> weighted(Field<Double> value) {
    Field<BigDecimal> tokens = DSL.sum(ROUTING_STAT.TOKENS);
    Field<BigDecimal> weightedSum = DSL.sum(value.times(ROUTING_STAT.TOKENS.cast(Double.class)));
    return DSL.coalesce(weightedSum.div(DSL.nullif(tokens, BigDecimal.ZERO)).cast(Double.class),
        DSL.avg(value).cast(Double.class));
  }
}
