package dev.selfmoe.engine.lora;

import dev.selfmoe.engine.model.ModelConfig;

/** The input and output widths of each adaptable module for a model config. */
public final class ModuleShapes {
  private ModuleShapes() {}

  public static int in(ModelConfig c, LoraTarget t) {
    return switch (t) {
      case Q, K, V, GATE, UP -> c.hiddenSize();
      case O -> c.qDim();
      case DOWN -> c.intermediateSize();
    };
  }

  public static int out(ModelConfig c, LoraTarget t) {
    return switch (t) {
      case Q -> c.qDim();
      case K, V -> c.kvDim();
      case O, DOWN -> c.hiddenSize();
      case GATE, UP -> c.intermediateSize();
    };
  }
}
