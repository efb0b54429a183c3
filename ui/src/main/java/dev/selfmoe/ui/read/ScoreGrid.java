package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.PAIRED_VS_BASE;
import static dev.selfmoe.db.jooq.Tables.PAPER_TABLE_CI;

import dev.selfmoe.db.PairedCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * Table 1's layout for one experiment: a row per variant, a column per benchmark it was scored on, and the average
 * over the benchmarks each variant has.
 *
 * @param best per benchmark (and {@code "average"}), the highest score; every variant reaching it is best
 * @param vsBase by variant and benchmark, the variant against base on the same items (from {@code paired_vs_base})
 */
public record ScoreGrid(List<String> benchmarks, List<Row> rows, Map<String, Double> best,
    Map<List<String>, PairedCounts> vsBase) {
  public static final String AVERAGE = "average";

  /** @param average null when the variant has no score at all */
  public record Row(String variant, Map<String, Score> scores, Double average) {
    public Score score(String benchmark) {
      return scores.get(benchmark);
    }
  }

  public static ScoreGrid of(DSLContext dsl, String experimentId) {
    List<Score> scores = dsl.selectFrom(PAPER_TABLE_CI)
        .where(PAPER_TABLE_CI.EXPERIMENT_ID.eq(experimentId))
        .fetch(r -> new Score(r.getVariant(), r.getBenchmark(), r.getDraws(), r.getScore(), r.getScoreStddev(),
            r.getN(), r.getCiLow(), r.getCiHigh()));
    List<PairedCounts> pairs = dsl.selectFrom(PAIRED_VS_BASE)
        .where(PAIRED_VS_BASE.EXPERIMENT_ID.eq(experimentId))
        .fetch(r -> new PairedCounts(r.getVariant(), r.getBenchmark(), r.getPaired().intValue(),
            r.getGained().intValue(), r.getLost().intValue(), r.getP()));
    return of(scores, pairs);
  }

  static ScoreGrid of(List<Score> scores, List<PairedCounts> pairs) {
    TreeSet<String> benchmarks = new TreeSet<>(PaperOrder.BENCHMARK);
    Map<String, Map<String, Score>> byVariant = new TreeMap<>(PaperOrder.VARIANT);
    for (Score s : scores) {
      benchmarks.add(s.benchmark());
      byVariant.computeIfAbsent(s.variant(), v -> new LinkedHashMap<>()).put(s.benchmark(), s);
    }
    List<Row> rows = new ArrayList<>();
    Map<String, Double> best = new HashMap<>();
    for (var entry : byVariant.entrySet()) {
      Double average = entry.getValue().values().stream().mapToDouble(Score::score).average().stream().boxed()
          .findFirst().orElse(null);
      rows.add(new Row(entry.getKey(), entry.getValue(), average));
      entry.getValue().values().forEach(s -> best.merge(s.benchmark(), s.score(), Math::max));
      if (average != null) {
        best.merge(AVERAGE, average, Math::max);
      }
    }
    Map<List<String>, PairedCounts> vsBase = new HashMap<>();
    pairs.forEach(p -> vsBase.put(List.of(p.variant(), p.benchmark()), p));
    return new ScoreGrid(List.copyOf(benchmarks), rows, best, vsBase);
  }

  /** The variant against base on this benchmark's items, or null (base itself, or nothing paired). */
  public PairedCounts vsBase(String variant, String benchmark) {
    return vsBase.get(List.of(variant, benchmark));
  }

  /** The score is the column's highest, and some variant scored lower: a column where all tie has no best. */
  public boolean isBest(String benchmark, Double score) {
    return score != null && best.containsKey(benchmark) && score >= best.get(benchmark)
        && rows.stream().map(r -> value(r, benchmark)).anyMatch(v -> v != null && v < best.get(benchmark));
  }

  private static Double value(Row row, String benchmark) {
    if (benchmark.equals(AVERAGE)) {
      return row.average();
    }
    Score s = row.score(benchmark);
    return s == null ? null : s.score();
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
