package dev.selfmoe.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Additive attention masks: causal, and blind to padding keys. */
final class AttentionMask {
  // Finite, so a padding query row that sees no key softmaxes to uniform rather than NaN.
  private static final float BLOCKED = -1e9f;

  private AttentionMask() {}

  /**
   * @param keyValid per row, whether each of the first {@code past + t} key positions holds a real token
   * @return [B, 1, 1, t, past + t]: query i (absolute position past + i) sees valid keys at positions ≤ past + i
   */
  static NDArray causal(NDManager manager, boolean[][] keyValid, int past, int t) {
    int b = keyValid.length;
    int s = past + t;
    float[] mask = new float[b * t * s];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        int base = (r * t + i) * s;
        for (int j = 0; j < s; j++) {
          if (j > past + i || !keyValid[r][j]) {
            mask[base + j] = BLOCKED;
          }
        }
      }
    }
    return manager.create(mask, new Shape(b, 1, 1, t, s));
  }
}
