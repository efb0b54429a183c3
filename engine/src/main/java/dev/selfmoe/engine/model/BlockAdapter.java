package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.decode.RoutedLowRank;
import dev.selfmoe.engine.lora.LoraTarget;
import java.util.Optional;

/**
 * Low-rank updates added to a decoder block's linear layers: one LoRA, or several mixed by a router. The forward pass
 * calls {@link #beginBlock} with the block's normalised input (what a router reads), then asks for each adapted
 * module's update.
 */
public interface BlockAdapter {
  /** Sees block {@code layer}'s attention-normalised input [B, T, hidden] before any of its modules run. */
  default void beginBlock(int layer, NDArray normalizedInput) {}

  /** Whether {@code target} in {@code layer} carries an update at all (saves work for untouched modules). */
  boolean adapts(int layer, LoraTarget target);

  /** The update to add to the module's output for module input {@code x} [B, T, in]: [B, T, out]. */
  NDArray delta(int layer, LoraTarget target, NDArray x);

  /**
   * Whether every update is a fixed linear map of the module input (no routing, no dropout, not being trained), so
   * it can be folded into a copy of the weights: see {@link #foldedUpdate}.
   */
  default boolean foldable() {
    return false;
  }

  /** The dense update [out, in] that {@link #delta} applies to an adapted module, in {@code manager}; foldable only. */
  default NDArray foldedUpdate(int layer, LoraTarget target, NDManager manager) {
    throw new UnsupportedOperationException("this adapter's updates depend on its input");
  }

  /**
   * For an adapter whose updates depend on the input through a router: the same updates and routing as Java arrays,
   * for the Java decode step. Empty for adapters the Java step cannot run (or that are being trained).
   */
  default Optional<RoutedLowRank> routedDecoding() {
    return Optional.empty();
  }
}
