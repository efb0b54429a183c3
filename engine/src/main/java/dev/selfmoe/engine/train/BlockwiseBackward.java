package dev.selfmoe.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.model.BlockAdapter;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.Transformer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A micro-batch's loss and gradients with the activations of one decoder block alive at a time. A plain backward
 * pass holds every block's intermediates (attention scores, MLP activations, each adapter's dropped-out input) until
 * it ends: several gigabytes for SmolLM2 at four rows of 384 tokens, and the largest memory of a whole run. Here a
 * first pass without autograd keeps only each block's input; the backward pass then reruns the blocks from the last
 * to the first with autograd on, each handing the gradient of its input to the one before. That costs one more
 * forward pass, about a third more work per step. Every block draws its random numbers (dropout masks) from a
 * generator seeded for that block, so the rerun sees the masks the first pass used and resumed runs repeat them.
 */
public final class BlockwiseBackward {
  /** Learned positions per pass through the LM head: logits of 128 rows over 151,936 words are 78 MB. */
  static final int HEAD_ROWS = 128;

  private BlockwiseBackward() {}

  /**
   * Adds the gradient of {@code scale} × the micro-batch's loss to the gradient of every parameter that requires one,
   * and leaves autograd recording off.
   *
   * @param seed the block seeds derive from it; the same seed gives the same dropout masks
   * @return {@code scale} × -Σ log p(learned token) over the micro-batch
   */
  public static double run(Transformer model, List<TokenizedExample> batch, double scale, long seed,
      NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      Ops.recordGradients(false);
      LanguageModelingLoss.Inputs in = LanguageModelingLoss.inputs(batch, m);
      if (in.learned() == 0) {
        return 0;
      }
      int layers = model.config().layers();
      Transformer.Angles angles = model.angles(in.positions());
      NDArray[] blockInputs = new NDArray[layers + 1];
      blockInputs[0] = model.embed(in.ids());
      for (int i = 0; i < layers; i++) {
        seedBlock(seed, i);
        blockInputs[i + 1] = model.block(i, blockInputs[i], angles, in.mask());
      }
      double[] loss = new double[1];
      NDArray gradient = head(model, blockInputs[layers], in, scale, m, loss);
      for (int i = layers - 1; i >= 0; i--) {
        blockInputs[i + 1].close();
        gradient = blockBackward(model, i, blockInputs[i], angles, in.mask(), gradient, seed);
      }
      return loss[0];
    } finally {
      Ops.recordGradients(false);
    }
  }

  /** Reruns block {@code layer} with autograd and backpropagates; returns the gradient of its input (null for 0). */
  private static NDArray blockBackward(Transformer model, int layer, NDArray input, Transformer.Angles angles,
      NDArray mask, NDArray outputGradient, long seed) {
    boolean inputGradient = layer > 0; // the embeddings are frozen
    NDArray result = null;
    if (!inputGradient && !adapted(model.adapter(), layer)) {
      outputGradient.close(); // nothing in the first block is trained
      return null;
    }
    try (NDScope ignored = new NDScope()) {
      input.setRequiresGradient(inputGradient);
      Ops.recordGradients(true);
      seedBlock(seed, layer);
      Ops.backward(model.block(layer, input, angles, mask), outputGradient);
      Ops.recordGradients(false);
      if (inputGradient) {
        result = input.getGradient();
        NDScope.unregister(result);
      }
    }
    outputGradient.close();
    return result;
  }

  /**
   * Final norm and LM head over the learned positions, a chunk of rows at a time; adds their loss to {@code loss}
   * and returns the gradient of the last block's output.
   */
  private static NDArray head(Transformer model, NDArray last, LanguageModelingLoss.Inputs in, double scale,
      NDManager m, double[] loss) {
    NDArray result;
    try (NDScope ignored = new NDScope()) {
      NDArray normed = model.finalNorm(last);
      normed.setRequiresGradient(true);
      NDArray weight = m.create((float) scale);
      for (int from = 0; from < in.learned(); from += HEAD_ROWS) {
        int to = Math.min(in.learned(), from + HEAD_ROWS);
        Ops.recordGradients(true);
        try (NDScope chunk = new NDScope()) {
          NDArray nll = LanguageModelingLoss.negativeLogLikelihood(model, normed,
              Arrays.copyOfRange(in.learnedAt(), from, to), Arrays.copyOfRange(in.targets(), from, to), m);
          Ops.backward(nll, weight);
          loss[0] += scale * nll.getFloat();
        }
        Ops.recordGradients(false);
      }
      NDArray normedGradient = normed.getGradient();
      last.setRequiresGradient(true);
      Ops.recordGradients(true);
      Ops.backward(model.finalNorm(last), normedGradient);
      Ops.recordGradients(false);
      result = last.getGradient();
      NDScope.unregister(result);
    }
    return result;
  }

  private static boolean adapted(BlockAdapter adapter, int layer) {
    return adapter != null && Arrays.stream(LoraTarget.values()).anyMatch(t -> adapter.adapts(layer, t));
  }

  private static void seedBlock(long seed, int layer) {
    Engine.getInstance().setRandomSeed(new SplittableRandom(seed * 31 + layer).nextInt());
  }
}
