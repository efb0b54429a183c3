package dev.selfmoe.engine.eval;

import java.util.List;
import java.util.Map;

/**
 * A benchmark's score (mean of the item scores, i.e. the harness's size-weighted average), its bootstrap interval,
 * and named sub-scores: per group (MMLU subject, BBH task, MATH subject) as {@code group/<name>}, and each secondary
 * metric by its own name (GSM8K {@code flexible-extract}, BBH {@code macro}).
 */
public record EvaluationResult(
    String name,
    double score,
    int n,
    double ciLow,
    double ciHigh,
    Map<String, Double> subScores,
    List<ItemRecord> items) {

  public EvaluationResult {
    subScores = Map.copyOf(subScores);
    items = List.copyOf(items);
  }
}
