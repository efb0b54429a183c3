package dev.selfmoe.engine.eval;

import java.util.Map;

/**
 * One evaluated item. {@code score} is what the headline metric averages: 0 or 1 for exact match and accuracy, a
 * probability mass for TruthfulQA MC2. {@code metrics} holds the secondary per-item metrics a benchmark reports
 * (GSM8K flexible extraction, PIQA length-normalised accuracy), averaged into sub-scores by the runner.
 */
public record ItemRecord(
    String id,
    String group,
    String prompt,
    String output,
    String extracted,
    String target,
    boolean correct,
    double score,
    Map<String, Double> metrics) {

  public ItemRecord {
    metrics = Map.copyOf(metrics);
  }

  public static ItemRecord exact(
      String id, String group, String prompt, String output, String extracted, String target, boolean correct) {
    return new ItemRecord(id, group, prompt, output, extracted, target, correct, correct ? 1 : 0, Map.of());
  }

  public ItemRecord withMetrics(Map<String, Double> more) {
    return new ItemRecord(id, group, prompt, output, extracted, target, correct, score, more);
  }
}
