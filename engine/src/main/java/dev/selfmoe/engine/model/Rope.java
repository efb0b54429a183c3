package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position tables in the half-split layout: for position p and pair i, angle p * invFreq[i] is used at
 * columns i and i + D/2. Computed in double precision once per model.
 */
public final class Rope {
  private final double[] invFreq;
  public final NDArray cos; // [positions, headDim]
  public final NDArray sin; // [positions, headDim]

  /**
   * @param freqFactors per-pair divisors some GGUF files store instead of scaling parameters; null when absent
   */
  public Rope(ModelConfig config, float[] freqFactors, int positions, NDManager manager) {
    int d = config.headDim();
    invFreq = new double[d / 2];
    for (int i = 0; i < d / 2; i++) {
      double f = Math.pow(config.ropeTheta(), -2.0 * i / d);
      if (config.ropeScaling() != null) {
        f = config.ropeScaling().scale(f);
      }
      if (freqFactors != null) {
        f /= freqFactors[i];
      }
      invFreq[i] = f;
    }
    float[] c = new float[positions * d];
    float[] s = new float[positions * d];
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < d / 2; i++) {
        double angle = p * invFreq[i];
        float cv = (float) Math.cos(angle);
        float sv = (float) Math.sin(angle);
        c[p * d + i] = cv;
        c[p * d + i + d / 2] = cv;
        s[p * d + i] = sv;
        s[p * d + i + d / 2] = sv;
      }
    }
    cos = manager.create(c, new Shape(positions, d));
    sin = manager.create(s, new Shape(positions, d));
  }

  /** The rotation frequency of pair {@code i}: position p turns it by p times this many radians. */
  public double inverseFrequency(int i) {
    return invFreq[i];
  }

  public int positions() {
    return (int) cos.getShape().get(0);
  }
}
