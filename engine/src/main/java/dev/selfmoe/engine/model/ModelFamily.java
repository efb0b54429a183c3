package dev.selfmoe.engine.model;

import dev.selfmoe.engine.EngineException;
import java.util.Arrays;

/**
 * The decoder families the engine runs. They share one forward pass; these flags are where they differ.
 *
 * <p>{@code ggufPermutedQk}: llama.cpp's converter reorders q/k rows of Llama checkpoints so RoPE rotates adjacent
 * pairs; the engine undoes that at load so every family runs the Hugging Face half-split rotation.
 */
public enum ModelFamily {
  LLAMA("llama", "LlamaForCausalLM", false, false, false, true),
  MISTRAL("mistral", "MistralForCausalLM", false, false, false, true),
  QWEN2("qwen2", "Qwen2ForCausalLM", true, false, false, false),
  GEMMA("gemma", "GemmaForCausalLM", false, true, true, false);

  /** The name GGUF's {@code general.architecture} and HF's {@code model_type} use. */
  public final String id;

  public final String hfArchitecture;
  public final boolean qkvBias;
  /** Norm weights are stored as w - 1 (applied as 1 + w). */
  public final boolean normWeightOffset;
  /** Embeddings are multiplied by sqrt(hidden size); the MLP gate uses tanh-approximated GELU. */
  public final boolean gemmaStyle;

  public final boolean ggufPermutedQk;

  ModelFamily(
      String id,
      String hfArchitecture,
      boolean qkvBias,
      boolean normWeightOffset,
      boolean gemmaStyle,
      boolean ggufPermutedQk) {
    this.id = id;
    this.hfArchitecture = hfArchitecture;
    this.qkvBias = qkvBias;
    this.normWeightOffset = normWeightOffset;
    this.gemmaStyle = gemmaStyle;
    this.ggufPermutedQk = ggufPermutedQk;
  }

  public static ModelFamily of(String id, String source) {
    for (ModelFamily f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new EngineException(source + ": architecture '" + id + "' is not supported (supported: "
        + String.join(", ", Arrays.stream(values()).map(f -> f.id).toList()) + ")");
  }
}
