package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Logits at every position of one sequence from a single causal forward pass, for comparing two loadings. */
public final class SequenceLogits {
  private SequenceLogits() {}

  public static float[] of(LanguageModel lm, int[] ids) {
    int t = ids.length;
    long[] tokens = new long[t];
    long[] positions = new long[t];
    float[] mask = new float[t * t];
    for (int i = 0; i < t; i++) {
      tokens[i] = ids[i];
      positions[i] = i;
      for (int j = i + 1; j < t; j++) {
        mask[i * t + j] = -1e9f;
      }
    }
    try (NDManager m = lm.manager().newSubManager()) {
      Transformer model = lm.transformer();
      NDArray hidden =
          model.forward(
              m.create(tokens, new Shape(1, t)),
              m.create(positions, new Shape(1, t)),
              m.create(mask, new Shape(1, 1, 1, t, t)),
              null);
      return model.logits(hidden).toFloatArray();
    }
  }
}
