package dev.selfmoe.engine.mixse;

import dev.selfmoe.engine.EngineException;

/**
 * How router probabilities become mixing weights α: keep the top {@code k} experts (k ≥ experts keeps all), or,
 * with {@code dynamicThreshold} > 0, the smallest set whose probabilities add up to it; optionally renormalise the
 * kept weights to sum to 1 (the paper does not). {@code random} ignores the router and picks k experts per token
 * from a seeded stream, each weighted 1/k.
 */
public record Routing(int topK, boolean renormalize, double dynamicThreshold, boolean random, long seed) {
  public Routing {
    if (topK < 1) {
      throw new EngineException("top-k must be at least 1, got " + topK);
    }
    if (!(dynamicThreshold >= 0 && dynamicThreshold <= 1)) {
      throw new EngineException("dynamic-k threshold must be in [0, 1], got " + dynamicThreshold);
    }
  }

  /** The paper's default: top-1, not renormalised. */
  public static Routing top(int k) {
    return new Routing(k, false, 0, false, 0);
  }

  public static Routing randomTop(int k, long seed) {
    return new Routing(k, false, 0, true, seed);
  }

  /** The same routing with {@code k} experts per token (random routing stays random, with its seed). */
  public Routing withTopK(int k) {
    return new Routing(k, renormalize, dynamicThreshold, random, seed);
  }

  public Routing renormalized() {
    return new Routing(topK, true, dynamicThreshold, random, seed);
  }

  public static Routing dynamic(double threshold) {
    return new Routing(Integer.MAX_VALUE, false, threshold, false, 0);
  }

  /**
   * The mixing weights for router probabilities {@code probs} ({@code rows × experts}), as {@code
   * MixtureOfLoras.select} makes them in torch: ties at the k-th probability are all kept.
   */
  public float[] weights(float[] probs, int rows, int experts) {
    float[] out = new float[rows * experts];
    float[] sorted = new float[experts];
    for (int r = 0; r < rows; r++) {
      int at = r * experts;
      System.arraycopy(probs, at, sorted, 0, experts);
      java.util.Arrays.sort(sorted);
      float kth;
      if (dynamicThreshold > 0) {
        int count = 0;
        float before = 0; // mass of the experts ranked above, accumulated in float as torch's cumsum does
        for (int i = experts - 1; i >= 0; i--) {
          if (before < dynamicThreshold) {
            count++;
          }
          before += sorted[i];
        }
        kth = sorted[experts - count];
      } else {
        kth = topK >= experts ? Float.NEGATIVE_INFINITY : sorted[experts - topK];
      }
      float sum = 0;
      for (int e = 0; e < experts; e++) {
        float p = probs[at + e];
        out[at + e] = p >= kth ? p : 0;
        sum += out[at + e];
      }
      if (renormalize) {
        for (int e = 0; e < experts; e++) {
          out[at + e] /= sum;
        }
      }
    }
    return out;
  }
}
