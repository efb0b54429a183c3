package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.format.WeightFile;
import java.util.function.UnaryOperator;

/** Reads a decoder's weights from a Hugging Face checkpoint, whose names and q/k layout are the engine's own. */
public final class HfCheckpoint {
  private static final int MAX_ROPE_TABLE = 16384;

  private HfCheckpoint() {}

  public static ModelWeights weights(WeightFile file, ModelConfig config, NDManager manager) {
    return new WeightLoader(
            config, file, UnaryOperator.identity(), false, config.family().normWeightOffset, manager)
        .load();
  }

  public static Rope rope(ModelConfig config, NDManager manager) {
    return new Rope(config, null, Math.min(config.maxPositions(), MAX_ROPE_TABLE), manager);
  }
}
