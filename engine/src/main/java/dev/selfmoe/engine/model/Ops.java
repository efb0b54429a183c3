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

  /** Clears a parameter's accumulated gradient (gradients add up across backward passes until cleared). */
  public static void zeroGrad(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }
}
