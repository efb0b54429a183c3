package dev.selfmoe.engine.tokenizer;

import dev.selfmoe.engine.EngineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the tokenizer a GGUF file describes in its {@code tokenizer.*} metadata. */
public final class GgufTokenizers {
  private GgufTokenizers() {}

  public static GgufTokenizer fromMetadata(Map<String, Object> meta, Path file) {
    String source = file.toString();
    String model = meta.get("tokenizer.ggml.model") instanceof String s ? s : null;
    if (model == null) {
      throw new EngineException(source + ": no tokenizer in the GGUF metadata (tokenizer.ggml.model is missing)");
    }
    List<String> tokens = strings(meta, "tokenizer.ggml.tokens", source);
    List<TokenType> types = new ArrayList<>();
    if (meta.get("tokenizer.ggml.token_type") instanceof List<?> t) {
      t.forEach(v -> types.add(TokenType.of(((Number) v).longValue())));
    } else {
      tokens.forEach(x -> types.add(TokenType.NORMAL));
    }
    if (types.size() != tokens.size()) {
      throw new EngineException(source + ": " + tokens.size() + " tokens but " + types.size() + " token types");
    }
    int bos = id(meta, "tokenizer.ggml.bos_token_id", tokens.size());
    int eos = id(meta, "tokenizer.ggml.eos_token_id", tokens.size());
    int eot = id(meta, "tokenizer.ggml.eot_token_id", tokens.size());
    return switch (model) {
      case "llama" -> new SentencePieceBpeTokenizer(tokens, types, scores(meta, tokens.size(), source), bos, eos, eot,
          Math.max(0, id(meta, "tokenizer.ggml.unknown_token_id", tokens.size())),
          flag(meta, "tokenizer.ggml.add_bos_token", true), flag(meta, "tokenizer.ggml.add_space_prefix", true));
      case "gpt2" -> new ByteLevelBpeTokenizer(tokens, types, strings(meta, "tokenizer.ggml.merges", source),
          PreTokenizers.named(meta.get("tokenizer.ggml.pre") instanceof String p ? p : "default", source),
          bos, eos, eot, flag(meta, "tokenizer.ggml.add_bos_token", false));
      default -> throw new EngineException(source + ": tokenizer model '" + model
          + "' is not supported (supported: llama, gpt2)");
    };
  }

  /** The Jinja chat template the file carries, if any. */
  public static Optional<String> chatTemplate(Map<String, Object> meta) {
    return meta.get("tokenizer.chat_template") instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private static List<String> strings(Map<String, Object> meta, String key, String source) {
    if (!(meta.get(key) instanceof List<?> list) || list.isEmpty()) {
      throw new EngineException(source + ": GGUF metadata " + key + " is missing or empty");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new EngineException(source + ": GGUF metadata " + key + " holds a non-string");
      }
      out.add(s);
    }
    return out;
  }

  private static float[] scores(Map<String, Object> meta, int n, String source) {
    float[] scores = new float[n];
    if (meta.get("tokenizer.ggml.scores") instanceof List<?> list) {
      if (list.size() != n) {
        throw new EngineException(source + ": " + n + " tokens but " + list.size() + " scores");
      }
      for (int i = 0; i < n; i++) {
        scores[i] = ((Number) list.get(i)).floatValue();
      }
    }
    return scores;
  }

  /** A token id from the metadata, or -1 when absent or out of range (GGUF writes 2^32-1 for "none"). */
  private static int id(Map<String, Object> meta, String key, int vocab) {
    return meta.get(key) instanceof Long v && v >= 0 && v < vocab ? v.intValue() : -1;
  }

  private static boolean flag(Map<String, Object> meta, String key, boolean fallback) {
    return meta.get(key) instanceof Boolean b ? b : fallback;
  }
}
