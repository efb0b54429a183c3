package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import dev.selfmoe.engine.lora.LoraTarget;

/**
 * One decoder block's weights in the Hugging Face layout (linear weights {@code [out, in]}, q/k rows in half-split
 * RoPE order). Norm weights are the effective multipliers (Gemma's stored w - 1 already shifted). Biases are null
 * for families without them.
 */
public record LayerWeights(
    NDArray attnNorm, // [hidden]
    NDArray q, // [heads * headDim, hidden]
    NDArray k, // [kvHeads * headDim, hidden]
    NDArray v, // [kvHeads * headDim, hidden]
    NDArray qBias, // [heads * headDim] or null
    NDArray kBias, // [kvHeads * headDim] or null
    NDArray vBias, // [kvHeads * headDim] or null
    NDArray o, // [hidden, heads * headDim]
    NDArray mlpNorm, // [hidden]
    NDArray gate, // [intermediate, hidden]
    NDArray up, // [intermediate, hidden]
    NDArray down) { // [hidden, intermediate]

  /** The weight of a linear module that adapters and merges change. */
  public NDArray linear(LoraTarget target) {
    return switch (target) {
      case Q -> q;
      case K -> k;
      case V -> v;
      case O -> o;
      case GATE -> gate;
      case UP -> up;
      case DOWN -> down;
    };
  }
}
