package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.EVALUATION_ITEM;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_EVALUATION;

import dev.selfmoe.db.jooq.tables.EvaluationItem;
import dev.selfmoe.db.jooq.tables.records.EvaluationItemRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The items of one variant's evaluation, optionally side by side with another variant's evaluation of the same items
 * (matched by item id), filtered and paged.
 */
public final class EvaluationItems {
  /** {@code b} is null without a comparison, or where B has no such item. */
  public record Pair(Item a, Item b) {}

  /** Counts over all items of A (and B): how many each got right, and how many B gained or lost against A. */
  public record Totals(int items, int aRight, int bRight, int gained, int lost) {}

  private static final EvaluationItem A = EVALUATION_ITEM.as("a");
  private static final EvaluationItem B = EVALUATION_ITEM.as("b");

  private final DSLContext dsl;

  public EvaluationItems(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** The evaluation standing for the variant on the benchmark in that draw. */
  public Optional<String> evaluationOf(String experimentId, String variant, String benchmark, int draw) {
    return dsl.select(EXPERIMENT_EVALUATION.EVAL_KEY)
        .from(EXPERIMENT_EVALUATION)
        .where(EXPERIMENT_EVALUATION.EXPERIMENT_ID.eq(experimentId))
        .and(EXPERIMENT_EVALUATION.VARIANT.eq(variant))
        .and(EXPERIMENT_EVALUATION.BENCHMARK.eq(benchmark))
        .and(EXPERIMENT_EVALUATION.DRAW.eq(draw))
        .fetchOptional(EXPERIMENT_EVALUATION.EVAL_KEY);
  }

  /** The draws recorded for a benchmark in the experiment, ascending. */
  public List<Integer> draws(String experimentId, String benchmark) {
    return dsl.selectDistinct(EXPERIMENT_EVALUATION.DRAW)
        .from(EXPERIMENT_EVALUATION)
        .where(EXPERIMENT_EVALUATION.EXPERIMENT_ID.eq(experimentId))
        .and(EXPERIMENT_EVALUATION.BENCHMARK.eq(benchmark))
        .orderBy(EXPERIMENT_EVALUATION.DRAW)
        .fetch(EXPERIMENT_EVALUATION.DRAW);
  }

  /** @param evalB null to list A alone */
  public List<Pair> page(String evalA, String evalB, ItemFilter filter, int offset, int limit) {
    return dsl.select(A.asterisk(), B.asterisk())
        .from(pairs(evalB))
        .where(A.EVAL_KEY.eq(evalA))
        .and(condition(filter))
        .orderBy(A.ITEM_INDEX)
        .offset(offset)
        .limit(limit)
        .fetch(r -> new Pair(item(r.into(A)), r.get(B.EVAL_KEY) == null ? null : item(r.into(B))));
  }

  public int count(String evalA, String evalB, ItemFilter filter) {
    return dsl.fetchCount(pairs(evalB), A.EVAL_KEY.eq(evalA).and(condition(filter)));
  }

  public Totals totals(String evalA, String evalB) {
    var row = dsl.select(DSL.count(),
            DSL.count().filterWhere(A.CORRECT.isTrue()),
            DSL.count().filterWhere(B.CORRECT.isTrue()),
            DSL.count().filterWhere(condition(ItemFilter.GAINED)),
            DSL.count().filterWhere(condition(ItemFilter.LOST)))
        .from(pairs(evalB))
        .where(A.EVAL_KEY.eq(evalA))
        .fetchSingle();
    return new Totals(row.value1(), row.value2(), row.value3(), row.value4(), row.value5());
  }

  /** Every item of A with B's item of the same id beside it (nulls where B has none, or there is no B). */
  private static Table<Record> pairs(String evalB) {
    return A.leftJoin(B)
        .on(B.EVAL_KEY.eq(evalB == null ? DSL.castNull(String.class) : DSL.val(evalB)))
        .and(B.ITEM_ID.eq(A.ITEM_ID));
  }

  private static Condition condition(ItemFilter filter) {
    return switch (filter) {
      case ALL -> DSL.noCondition();
      case WRONG -> A.CORRECT.isFalse();
      case RIGHT -> A.CORRECT.isTrue();
      case FLIPPED -> B.CORRECT.ne(A.CORRECT);
      case GAINED -> A.CORRECT.isFalse().and(B.CORRECT.isTrue());
      case LOST -> A.CORRECT.isTrue().and(B.CORRECT.isFalse());
    };
  }

  private static Item item(EvaluationItemRecord r) {
    return new Item(r.getItemIndex(), r.getItemId(), r.getItemGroup(), r.getPrompt(), r.getOutput(),
        r.getExtracted(), r.getTarget(), r.getCorrect(), r.getScore());
  }
}
