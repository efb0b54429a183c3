package dev.selfmoe.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A Hugging Face {@code config.json}, read into and written from {@link ModelConfig}. */
public final class HfConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HfConfig() {}

  public static ModelConfig read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new EngineException(file + ": no such file (a Hugging Face model directory needs config.json)");
    } catch (IOException e) {
      throw new EngineException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    String source = file.toString();
    ModelFamily family = ModelFamily.of(text(root, "model_type", source), source);
    int hidden = integer(root, "hidden_size", source, null);
    int heads = integer(root, "num_attention_heads", source, null);
    return new ModelConfig(
        family,
        hidden,
        integer(root, "intermediate_size", source, null),
        integer(root, "num_hidden_layers", source, null),
        heads,
        integer(root, "num_key_value_heads", source, heads),
        integer(root, "head_dim", source, hidden / heads),
        integer(root, "vocab_size", source, null),
        number(root, "rms_norm_eps", source, 1e-6),
        number(root, "rope_theta", source, 10000.0),
        ropeScaling(root.get("rope_scaling"), source),
        integer(root, "max_position_embeddings", source, 2048),
        root.has("tie_word_embeddings")
            ? root.get("tie_word_embeddings").asBoolean()
            : family == ModelFamily.GEMMA);
  }

  public static ObjectNode toJson(ModelConfig c) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add(c.family().hfArchitecture);
    root.put("model_type", c.family().id);
    root.put("hidden_size", c.hiddenSize());
    root.put("intermediate_size", c.intermediateSize());
    root.put("num_hidden_layers", c.layers());
    root.put("num_attention_heads", c.heads());
    root.put("num_key_value_heads", c.kvHeads());
    root.put("head_dim", c.headDim());
    root.put("vocab_size", c.vocabSize());
    root.put("rms_norm_eps", c.rmsNormEps());
    root.put("rope_theta", c.ropeTheta());
    root.put("max_position_embeddings", c.maxPositions());
    root.put("tie_word_embeddings", c.tiedEmbeddings());
    root.put("hidden_act", c.family().gemmaStyle ? "gelu_pytorch_tanh" : "silu");
    root.put("torch_dtype", "float32");
    if (c.ropeScaling() != null) {
      RopeScaling r = c.ropeScaling();
      root.putObject("rope_scaling")
          .put("rope_type", "llama3")
          .put("factor", r.factor())
          .put("low_freq_factor", r.lowFreqFactor())
          .put("high_freq_factor", r.highFreqFactor())
          .put("original_max_position_embeddings", r.originalMaxPositions());
    }
    return root;
  }

  private static RopeScaling ropeScaling(JsonNode node, String source) {
    if (node == null || node.isNull()) {
      return null;
    }
    String type = node.has("rope_type") ? node.get("rope_type").asText() : node.path("type").asText();
    if (!type.equals("llama3")) {
      throw new EngineException(source + ": rope_scaling type '" + type + "' is not supported (supported: llama3)");
    }
    return new RopeScaling(
        number(node, "factor", source, null),
        number(node, "low_freq_factor", source, 1.0),
        number(node, "high_freq_factor", source, 4.0),
        integer(node, "original_max_position_embeddings", source, 8192));
  }

  private static String text(JsonNode root, String key, String source) {
    JsonNode v = root.get(key);
    if (v == null || !v.isTextual()) {
      throw new EngineException(source + ": " + key + " is missing or not a string");
    }
    return v.asText();
  }

  private static int integer(JsonNode root, String key, String source, Integer fallback) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new EngineException(source + ": " + key + " is missing");
      }
      return fallback;
    }
    if (!v.canConvertToInt()) {
      throw new EngineException(source + ": " + key + " is not an integer (" + v + ")");
    }
    return v.asInt();
  }

  private static double number(JsonNode root, String key, String source, Double fallback) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new EngineException(source + ": " + key + " is missing");
      }
      return fallback;
    }
    if (!v.isNumber()) {
      throw new EngineException(source + ": " + key + " is not a number (" + v + ")");
    }
    return v.asDouble();
  }
}
