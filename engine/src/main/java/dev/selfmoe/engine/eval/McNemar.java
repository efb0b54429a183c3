package dev.selfmoe.engine.eval;

/**
 * McNemar's exact test for two models scored on the same items: only the items on which they disagree carry
 * information, and under "no difference" each of those is equally likely to go either way. With a "gained" (right
 * only for the second model) and "lost" (right only for the first), the two-sided p-value is twice the binomial tail
 * of the smaller count, at most 1.
 */
public final class McNemar {
  private McNemar() {}

  public static double exactP(int gained, int lost) {
    if (gained < 0 || lost < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + gained + ", " + lost);
    }
    int n = gained + lost;
    int k = Math.min(gained, lost);
    // summed in log space: 0.5^n underflows a double past n = 1074
    double logChoose = 0;
    double logHalfN = -n * Math.log(2);
    double tail = 0;
    for (int i = 0; i <= k; i++) {
      if (i > 0) {
        logChoose += Math.log(n - i + 1) - Math.log(i);
      }
      tail += Math.exp(logChoose + logHalfN);
    }
    return Math.min(1, 2 * tail);
  }
}
