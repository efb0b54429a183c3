package dev.selfmoe.engine.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Temperature + nucleus (top-p) sampling over one row of logits, from a caller-owned random stream. */
final class Sampler {
  private final double temperature;
  private final double topP;
  private long[] packed = new long[0];
  private double[] weights = new double[0];

  Sampler(double temperature, double topP) {
    this.temperature = temperature;
    this.topP = topP;
  }

  /** A random stream per prompt index, independent of which other prompts share the batch. */
  static SplittableRandom streamFor(long seed, int promptIndex) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + promptIndex);
  }

  int sample(float[] logits, int offset, int vocab, SplittableRandom random) {
    if (packed.length < vocab) {
      packed = new long[vocab];
      weights = new double[vocab];
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double total = 0;
    for (int i = 0; i < vocab; i++) {
      double w = Math.exp((logits[offset + i] - max) / temperature);
      weights[i] = w;
      total += w;
    }
    // Only tokens at or above `floor` can be in the nucleus: those below it hold less than (1 - topP) of the mass
    // together, so the tokens above it already reach topP. Sorting just them gives the order a full sort would.
    double floor = topP >= 1 ? 0 : 0.5 * (1 - topP) * total / vocab;
    int candidates = 0;
    // Sorting (float bits << 32 | index) orders by weight without boxing: positive float bits sort as ints.
    for (int i = 0; i < vocab; i++) {
      if (weights[i] >= floor) {
        packed[candidates++] = ((long) Float.floatToRawIntBits((float) (weights[i] / total)) << 32) | i;
      }
    }
    Arrays.sort(packed, 0, candidates);
    double kept = 0;
    int first = candidates - 1;
    for (; first >= 0; first--) {
      kept += weights[(int) packed[first]];
      if (kept >= topP * total) {
        break;
      }
    }
    first = Math.max(first, 0);
    double u = random.nextDouble() * kept;
    for (int j = candidates - 1; j > first; j--) {
      int id = (int) packed[j];
      u -= weights[id];
      if (u < 0) {
        return id;
      }
    }
    return (int) packed[first];
  }
}
