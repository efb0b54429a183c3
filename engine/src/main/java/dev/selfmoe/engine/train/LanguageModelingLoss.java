package dev.selfmoe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.model.Transformer;
import java.util.List;

/**
 * Summed negative log-likelihood of the learned tokens of a micro-batch: right-padded rows run one causal pass (pad
 * keys sit after every real token, so causality already hides them) and each position predicts the next id.
 */
public final class LanguageModelingLoss {
  private LanguageModelingLoss() {}

  /** @return a scalar: -Σ log p(learned token) over the micro-batch */
  public static NDArray summed(Transformer model, List<TokenizedExample> batch, NDManager m) {
    int b = batch.size();
    int t = batch.stream().mapToInt(e -> e.ids().length).max().orElse(1);
    long[] ids = new long[b * t];
    long[] positions = new long[b * t];
    long[] targets = new long[b * t];
    float[] learned = new float[b * t];
    for (int r = 0; r < b; r++) {
      int[] row = batch.get(r).ids();
      int start = Math.max(batch.get(r).responseStart(), 1);
      for (int j = 0; j < t; j++) {
        ids[r * t + j] = j < row.length ? row[j] : 0;
        positions[r * t + j] = j;
        if (j + 1 < row.length) {
          targets[r * t + j] = row[j + 1];
          learned[r * t + j] = j + 1 >= start ? 1f : 0f;
        }
      }
    }
    float[] causal = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        causal[i * t + j] = -1e9f;
      }
    }
    NDArray hidden = model.forward(m.create(ids, new Shape(b, t)), m.create(positions, new Shape(b, t)),
        m.create(causal, new Shape(1, 1, 1, t, t)), null);
    NDArray logProbs = model.logits(hidden).logSoftmax(-1); // [B, T, V]
    NDArray picked = logProbs.gather(m.create(targets, new Shape(b, t, 1)), -1).reshape(b, t);
    return picked.mul(m.create(learned, new Shape(b, t))).sum().neg();
  }
}
