package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile 95% interval of the item mean by seeded bootstrap. When every group has at least
 * {@value #MIN_STRATUM} items, items are resampled within their group with each group's size kept, so a grouped
 * benchmark (BBH tasks) keeps its task mix in every resample. With smaller groups (a --limit subset spreads a few items
 * over many MMLU subjects or BBH tasks) within-group resampling hides most of the variance (a group of one never
 * varies), so all items are resampled together, the plain bootstrap.
 */
public record BootstrapInterval(double low, double high) {
  static final int MIN_STRATUM = 10;

  public static BootstrapInterval of(double[] scores, String[] groups, long seed, int resamples) {
    if (scores.length != groups.length) {
      throw new EngineException(scores.length + " scores but " + groups.length + " group labels");
    }
    if (scores.length == 0) {
      return new BootstrapInterval(Double.NaN, Double.NaN);
    }
    Map<String, List<Double>> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < scores.length; i++) {
      byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(scores[i]);
    }
    boolean stratify = byGroup.values().stream().allMatch(l -> l.size() >= MIN_STRATUM);
    List<double[]> strata = stratify
        ? byGroup.values().stream().map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()).toList()
        : List.of(scores.clone());
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (double[] s : strata) {
        for (int k = 0; k < s.length; k++) {
          sum += s[random.nextInt(s.length)];
        }
      }
      means[r] = sum / scores.length;
    }
    Arrays.sort(means);
    return new BootstrapInterval(quantile(means, 0.025), quantile(means, 0.975));
  }

  public static BootstrapInterval of(double[] scores, long seed, int resamples) {
    String[] one = new String[scores.length];
    Arrays.fill(one, "");
    return of(scores, one, seed, resamples);
  }

  /** Linear interpolation between order statistics. */
  private static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
  }
}
