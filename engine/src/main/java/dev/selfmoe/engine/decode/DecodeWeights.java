package dev.selfmoe.engine.decode;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.model.ModelConfig;
import java.util.Locale;

/**
 * Which weights the per-token decode steps read. {@code INT8} runs them in Java over weights re-quantised to 8 bits
 * (4x less memory traffic than float32); it is the default only for checkpoints that were themselves stored in 8
 * bits or fewer, where it adds less error than the checkpoint's own quantisation already carries. Float32
 * checkpoints decode in float32 unless asked. Prefill, scoring and training always run in float32.
 */
public enum DecodeWeights {
  F32,
  INT8;

  /** The environment variable that overrides the choice: {@code auto} (default), {@code f32} or {@code int8}. */
  public static final String SETTING = "SELFMOE_DECODE_WEIGHTS";

  public static DecodeWeights choose(String setting, boolean quantizedCheckpoint, ModelConfig config) {
    String s = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "f32":
        return F32;
      case "int8":
        if (!Int8Decoder.supports(config)) {
          throw new EngineException(SETTING + "=int8 needs a JVM started with --add-modules jdk.incubator.vector "
              + "on a CPU with 256-bit vectors, and a model whose head size is a multiple of 8");
        }
        return INT8;
      case "auto":
        return quantizedCheckpoint && Int8Decoder.supports(config) ? INT8 : F32;
      default:
        throw new EngineException(SETTING + " must be auto, f32 or int8, not '" + setting + "'");
    }
  }

  /** The choice for this process's environment. */
  public static DecodeWeights fromEnvironment(boolean quantizedCheckpoint, ModelConfig config) {
    return choose(System.getenv(SETTING), quantizedCheckpoint, config);
  }
}
