package dev.selfmoe.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapIntervalTest {

  private static double[] coinFlips(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextDouble() < 0.4 ? 1 : 0;
    }
    return s;
  }

  @Test
  void sameSeedSameInterval() {
    double[] s = coinFlips(200, 1);
    assertEquals(BootstrapInterval.of(s, 7, 500), BootstrapInterval.of(s, 7, 500));
    assertNotEquals(BootstrapInterval.of(s, 7, 500), BootstrapInterval.of(s, 8, 500));
  }

  @Test
  void containsTheMean() {
    double[] s = coinFlips(300, 2);
    double mean = Arrays.stream(s).average().orElseThrow();
    BootstrapInterval ci = BootstrapInterval.of(s, 3, 1000);
    assertTrue(ci.low() < mean && mean < ci.high(), ci + " around " + mean);
  }

  @Test
  void narrowsWithMoreItems() {
    BootstrapInterval small = BootstrapInterval.of(coinFlips(50, 4), 5, 1000);
    BootstrapInterval large = BootstrapInterval.of(coinFlips(5000, 4), 5, 1000);
    double w1 = small.high() - small.low();
    double w2 = large.high() - large.low();
    // Width goes as 1/sqrt(n): 10x narrower for 100x the items, so 4x leaves ample room for noise.
    assertTrue(w2 * 4 < w1, "widths " + w1 + " vs " + w2);
    // Normal approximation for p=0.4, n=5000: 2*1.96*sqrt(.24/5000) = 0.027.
    assertEquals(0.027, w2, 0.004);
  }

  @Test
  void resamplingWithinGroupsKeepsConstantGroupsExact() {
    // One task always right, one always wrong: every stratified resample has the same mean, so the interval is a
    // point; an unstratified bootstrap would vary the mix and give a wide interval.
    double[] s = new double[2 * BootstrapInterval.MIN_STRATUM];
    String[] g = new String[s.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = i < BootstrapInterval.MIN_STRATUM ? 1 : 0;
      g[i] = i < BootstrapInterval.MIN_STRATUM ? "a" : "b";
    }
    BootstrapInterval ci = BootstrapInterval.of(s, g, 9, 500);
    assertEquals(0.5, ci.low(), 1e-12);
    assertEquals(0.5, ci.high(), 1e-12);
    BootstrapInterval plain = BootstrapInterval.of(s, 9, 500);
    assertTrue(plain.high() - plain.low() > 0.3, plain.toString());
  }

  @Test
  void smallGroupsAreResampledTogether() {
    // A subset with one item per task: resampling within groups of one would give a point interval.
    double[] s = coinFlips(27, 6);
    String[] g = new String[s.length];
    for (int i = 0; i < s.length; i++) {
      g[i] = "task" + i;
    }
    BootstrapInterval grouped = BootstrapInterval.of(s, g, 9, 1000);
    assertEquals(BootstrapInterval.of(s, 9, 1000), grouped);
    assertTrue(grouped.high() - grouped.low() > 0.2, grouped.toString());
  }
}
