package dev.selfmoe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.model.Transformer;
import java.util.Arrays;
import java.util.List;

/**
 * Summed negative log-likelihood of the learned tokens of a micro-batch: right-padded rows run one causal pass (pad
 * keys sit after every real token, so causality already hides them) and each position predicts the next id. Only the
 * positions whose next token is learned go through the LM head: its logits, their log-softmax and gradients are the
 * largest tensors of a step (four rows of 384 tokens over SmolLM2's 49,152 words: 300 MB each), and prompt and
 * padding positions would add nothing to the loss.
 */
public final class LanguageModelingLoss {
  private LanguageModelingLoss() {}

  /**
   * A micro-batch as tensors.
   *
   * @param ids [B, T] right-padded token ids
   * @param positions [B, T] RoPE positions
   * @param mask [1, 1, 1, T, T] additive causal mask
   * @param learnedAt flat positions (row · T + column) whose next token is learned
   * @param targets the learned next token of each of {@code learnedAt}
   */
  record Inputs(NDArray ids, NDArray positions, NDArray mask, long[] learnedAt, long[] targets) {
    int learned() {
      return learnedAt.length;
    }
  }

  /** @return a scalar: -Σ log p(learned token) over the micro-batch */
  public static NDArray summed(Transformer model, List<TokenizedExample> batch, NDManager m) {
    Inputs in = inputs(batch, m);
    NDArray hidden = model.forward(in.ids(), in.positions(), in.mask(), null);
    if (in.learned() == 0) { // nothing to learn: a zero that still depends on the parameters, as callers backpropagate it
      return hidden.sum().mul(0f);
    }
    return negativeLogLikelihood(model, hidden, in.learnedAt(), in.targets(), m);
  }

  /** -Σ log p(target) at the given flat positions of final-normed {@code hidden} [B, T, H]. */
  static NDArray negativeLogLikelihood(Transformer model, NDArray hidden, long[] at, long[] targets, NDManager m) {
    NDArray rows = hidden.reshape(-1, model.config().hiddenSize()).get(m.create(at)); // [N, H]
    NDArray logProbs = model.logits(rows).logSoftmax(-1); // [N, V]
    return logProbs.gather(m.create(targets, new Shape(targets.length, 1)), -1).sum().neg();
  }

  static Inputs inputs(List<TokenizedExample> batch, NDManager m) {
    int b = batch.size();
    int t = batch.stream().mapToInt(e -> e.ids().length).max().orElse(1);
    long[] ids = new long[b * t];
    long[] positions = new long[b * t];
    long[] learnedAt = new long[b * t];
    long[] targets = new long[b * t];
    int learned = 0;
    for (int r = 0; r < b; r++) {
      int[] row = batch.get(r).ids();
      int start = Math.max(batch.get(r).responseStart(), 1);
      for (int j = 0; j < t; j++) {
        ids[r * t + j] = j < row.length ? row[j] : 0;
        positions[r * t + j] = j;
        if (j + 1 < row.length && j + 1 >= start) {
          learnedAt[learned] = r * t + j;
          targets[learned++] = row[j + 1];
        }
      }
    }
    float[] causal = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        causal[i * t + j] = -1e9f;
      }
    }
    return new Inputs(m.create(ids, new Shape(b, t)), m.create(positions, new Shape(b, t)),
        m.create(causal, new Shape(1, 1, 1, t, t)), Arrays.copyOf(learnedAt, learned),
        Arrays.copyOf(targets, learned));
  }
}
