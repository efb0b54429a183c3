package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.gguf.GgufFile;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** Reads a decoder's config and weights from a GGUF file's metadata and tensors. */
public final class GgufCheckpoint {
  private static final int MAX_ROPE_TABLE = 16384;

  private GgufCheckpoint() {}

  public static ModelConfig config(GgufFile file) {
    Map<String, Object> meta = file.metadata();
    String source = file.path().toString();
    if (!(meta.get("general.architecture") instanceof String arch)) {
      throw new EngineException(source + ": no general.architecture in the GGUF metadata");
    }
    ModelFamily family = ModelFamily.of(arch, source);
    int hidden = intKey(meta, arch + ".embedding_length", source, null);
    int heads = intKey(meta, arch + ".attention.head_count", source, null);
    int vocab =
        meta.get(arch + ".vocab_size") instanceof Long v
            ? v.intValue()
            : meta.get("tokenizer.ggml.tokens") instanceof List<?> tokens
                ? tokens.size()
                : file.tensor("token_embd.weight").map(t -> (int) t.shape()[0]).orElse(0);
    return new ModelConfig(
        family,
        hidden,
        intKey(meta, arch + ".feed_forward_length", source, null),
        intKey(meta, arch + ".block_count", source, null),
        heads,
        intKey(meta, arch + ".attention.head_count_kv", source, heads),
        intKey(meta, arch + ".attention.key_length", source, hidden / heads),
        vocab,
        doubleKey(meta, arch + ".attention.layer_norm_rms_epsilon", source, 1e-5),
        doubleKey(meta, arch + ".rope.freq_base", source, 10000.0),
        null,
        intKey(meta, arch + ".context_length", source, 2048),
        file.tensor("output.weight").isEmpty());
  }

  public static ModelWeights weights(GgufFile file, ModelConfig config, NDManager manager) {
    ModelWeights w =
        new WeightLoader(config, file, GgufCheckpoint::ggufName, config.family().ggufPermutedQk, false, manager)
            .load();
    // A quantised tensor's mapping is garbage once dequantised, but its pages stay resident until a collection
    // finds it; one now unmaps the whole checkpoint instead of leaving it beside its float copy.
    System.gc();
    return w;
  }

  /** RoPE for this file: llama.cpp stores Llama-3 scaling as per-pair divisors in {@code rope_freqs.weight}. */
  public static Rope rope(GgufFile file, ModelConfig config, NDManager manager) {
    float[] factors = null;
    if (file.tensor("rope_freqs.weight").isPresent()) {
      FloatBuffer fb = file.readF32("rope_freqs.weight").asFloatBuffer();
      if (fb.remaining() != config.headDim() / 2) {
        throw new EngineException(file.path() + ": rope_freqs.weight has " + fb.remaining()
            + " values, expected " + config.headDim() / 2);
      }
      factors = new float[fb.remaining()];
      fb.get(factors);
    }
    return new Rope(config, factors, Math.min(config.maxPositions(), MAX_ROPE_TABLE), manager);
  }

  static String ggufName(String hfName) {
    if (hfName.startsWith("model.layers.")) {
      String rest = hfName.substring("model.layers.".length());
      int dot = rest.indexOf('.');
      int layer = Integer.parseInt(rest.substring(0, dot));
      String suffix = rest.substring(dot + 1);
      for (TensorNames.Layer l : TensorNames.Layer.values()) {
        if (l.hfSuffix.equals(suffix)) {
          return l.gguf(layer);
        }
      }
      throw new IllegalArgumentException(hfName);
    }
    return TensorNames.ggufGlobal(hfName);
  }

  private static int intKey(Map<String, Object> meta, String key, String source, Integer fallback) {
    Object v = meta.get(key);
    if (v instanceof Long l) {
      return Math.toIntExact(l);
    }
    if (v == null && fallback != null) {
      return fallback;
    }
    throw new EngineException(source + ": GGUF metadata " + key + (v == null ? " is missing" : " is not an integer"));
  }

  private static double doubleKey(Map<String, Object> meta, String key, String source, double fallback) {
    Object v = meta.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new EngineException(source + ": GGUF metadata " + key + " is not a number");
  }
}
