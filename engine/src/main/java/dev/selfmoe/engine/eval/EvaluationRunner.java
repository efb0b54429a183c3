package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.model.LanguageModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a benchmark on a model and aggregates the item records into a score, interval and sub-scores. */
public final class EvaluationRunner {
  private final LanguageModel model;

  public EvaluationRunner(LanguageModel model) {
    this.model = model;
  }

  public EvaluationResult run(Benchmark<?> benchmark, EvalOptions options) {
    return run(benchmark, options, Progress.NONE);
  }

  public <D extends Benchmark.Doc> EvaluationResult run(Benchmark<D> benchmark, EvalOptions options,
      Progress progress) {
    int shots = benchmark.shots(options);
    List<D> items = benchmark.select(options);
    progress.update(0, items.size());
    List<ItemRecord> records = benchmark.evaluate(model, items, shots, options, progress);
    return summarize(benchmark, records, options);
  }

  /** Aggregation alone, so records judged elsewhere can be scored the same way. */
  public static EvaluationResult summarize(Benchmark<?> benchmark, List<ItemRecord> records, EvalOptions options) {
    double[] scores = records.stream().mapToDouble(ItemRecord::score).toArray();
    String[] groups = records.stream().map(ItemRecord::group).toArray(String[]::new);
    BootstrapInterval ci = BootstrapInterval.of(scores, groups, options.bootstrapSeed(), options.bootstrapResamples());
    Map<String, Double> sub = new LinkedHashMap<>();
    Map<String, double[]> byGroup = new TreeMap<>();
    Map<String, double[]> byMetric = new TreeMap<>();
    for (ItemRecord r : records) {
      add(byGroup, "group/" + r.group(), r.score());
      r.metrics().forEach((k, v) -> add(byMetric, k, v));
    }
    if (byGroup.size() > 1) {
      byGroup.forEach((k, s) -> sub.put(k, s[0] / s[1]));
    }
    byMetric.forEach((k, s) -> sub.put(k, s[0] / s[1]));
    sub.putAll(benchmark.extraSubScores(records));
    return new EvaluationResult(benchmark.name(), mean(scores), records.size(), ci.low(), ci.high(), sub, records);
  }

  private static void add(Map<String, double[]> sums, String key, double value) {
    double[] s = sums.computeIfAbsent(key, k -> new double[2]);
    s[0] += value;
    s[1]++;
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return v.length == 0 ? Double.NaN : sum / v.length;
  }
}
