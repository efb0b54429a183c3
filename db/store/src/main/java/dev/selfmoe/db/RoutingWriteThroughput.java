package dev.selfmoe.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Measures how fast routing statistics land, written as an evaluation step writes them: one {@link RoutingRecords}
 * call per evaluation. It records made-up evaluations under keys starting with {@link #KEY_PREFIX}, so point it at a
 * scratch database.
 */
public final class RoutingWriteThroughput {
  public static final String KEY_PREFIX = "bench/routing/";

  /** {@code evalKeyPrefix} finds the rows this run wrote. */
  public record Report(long rows, Duration elapsed, String evalKeyPrefix) {
    public double rowsPerSecond() {
      return rows / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }
  }

  private RoutingWriteThroughput() {}

  /** The paper-scale default: 200 evaluations of 24 layers by 8 experts, 38,400 rows. */
  public static Report measure(SelfmoeDatabase database) {
    return measure(database, 200, 24, 8);
  }

  public static Report measure(SelfmoeDatabase database, int evaluations, int layers, int experts) {
    String prefix = KEY_PREFIX + UUID.randomUUID() + "/";
    for (int evaluation = 0; evaluation < evaluations; evaluation++) {
      database.evaluations().recordEvaluation(
          new EvaluationRow(prefix + evaluation, "bench", 0, null, evaluation, 0.5, 0, null, null, null), List.of());
    }
    List<RoutingRow> rows = routingRows(layers, experts);
    long start = System.nanoTime();
    for (int evaluation = 0; evaluation < evaluations; evaluation++) {
      database.routing().record(prefix + evaluation, rows);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Report((long) evaluations * rows.size(), elapsed, prefix);
  }

  private static List<RoutingRow> routingRows(int layers, int experts) {
    List<RoutingRow> rows = new ArrayList<>(layers * experts);
    for (int layer = 0; layer < layers; layer++) {
      for (int expert = 0; expert < experts; expert++) {
        rows.add(new RoutingRow(layer, expert, "expert-" + expert, 1.0 / experts, 1.0 / experts, 1000));
      }
    }
    return rows;
  }
}
