package dev.selfmoe.engine.tokenizer;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.tokenizer.ByteLevelBpeTokenizer.PreTokenizer;
import java.util.List;
import java.util.Map;

/** The word-splitting patterns of the byte-level BPE families, by GGUF's {@code tokenizer.ggml.pre} name. */
final class PreTokenizers {
  private PreTokenizers() {}

  private static final String GPT2 =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
  private static final String LLAMA3 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
          + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  private static final String QWEN2 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
          + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private static final Map<String, List<String>> BY_NAME = Map.of(
      "default", List.of(GPT2),
      "gpt2", List.of(GPT2),
      "smollm", List.of("\\p{N}", GPT2),
      "llama-bpe", List.of(LLAMA3),
      "llama3", List.of(LLAMA3),
      "qwen2", List.of(QWEN2));

  static PreTokenizer named(String name, String source) {
    List<String> patterns = BY_NAME.get(name);
    if (patterns == null) {
      throw new EngineException(source + ": pre-tokenizer '" + name + "' is not supported (supported: "
          + String.join(", ", BY_NAME.keySet().stream().sorted().toList()) + ")");
    }
    return new PreTokenizer(name, patterns);
  }
}
