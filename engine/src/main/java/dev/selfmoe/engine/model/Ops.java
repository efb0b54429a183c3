package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The only place the engine calls PyTorch internals: fused projections and embedding lookups that DJL's portable API
 * would otherwise express as a transpose plus a copy.
 */
public final class Ops {
  private Ops() {}

  /** y = x W^T + b with W in the stored {@code [out, in]} layout; {@code b} may be null. */
  public static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return JniUtils.linear((PtNDArray) x, (PtNDArray) w, (PtNDArray) b);
  }

  /** Rows of {@code table} selected by integer {@code ids}: result shape = ids shape + [table columns]. */
  public static NDArray embedding(NDArray ids, NDArray table) {
    return JniUtils.embedding((PtNDArray) ids, (PtNDArray) table, false);
  }

  /**
   * Stops autograd recording on the calling thread. PyTorch keeps the switch per thread and records by default; DJL
   * turns it off only on the thread that started the engine, and its gradient collector restores whatever the thread
   * had before. On any other thread (a worker's pool thread, say) a forward pass would record a graph for nothing, and
   * the optimiser's in-place update after a training step would be refused as an in-place change of a leaf that
   * requires a gradient. Every entry point that runs the model calls this first.
   */
  public static void stopRecordingGradients() {
    JniUtils.setGradMode(false);
  }

  /** Turns autograd recording on the calling thread on or off (see {@link #stopRecordingGradients}). */
  public static void recordGradients(boolean on) {
    JniUtils.setGradMode(on);
  }

  /**
   * Backpropagates from a non-scalar {@code output} whose gradient is already known, adding to the gradients of
   * every leaf it depends on and freeing its graph. Lets a backward pass run one block at a time.
   */
  public static void backward(NDArray output, NDArray outputGradient) {
    JniUtils.backward((PtNDArray) output, (PtNDArray) outputGradient, false, false);
  }

  /** Clears a parameter's accumulated gradient (gradients add up across backward passes until cleared). */
  public static void zeroGrad(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }
}
