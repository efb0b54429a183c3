package dev.selfmoe.engine;

import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.decode.DecodeWeights;
import dev.selfmoe.engine.format.WeightFile;
import dev.selfmoe.engine.format.gguf.GgufFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsFiles;
import dev.selfmoe.engine.hub.ModelCatalog;
import dev.selfmoe.engine.hub.ProgressListener;
import dev.selfmoe.engine.model.GgufCheckpoint;
import dev.selfmoe.engine.model.HfCheckpoint;
import dev.selfmoe.engine.model.HfConfig;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.Transformer;
import dev.selfmoe.engine.runtime.EngineRuntime;
import dev.selfmoe.engine.tokenizer.GgufTokenizer;
import dev.selfmoe.engine.tokenizer.GgufTokenizers;
import dev.selfmoe.engine.tokenizer.HfTokenizer;
import dev.selfmoe.engine.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a model from whatever the user names: a {@code .gguf} file, a Hugging Face model directory, a hub id or a
 * built-in alias. Everything the model needs (weights, tokenizer, chat template) comes from that one source.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /** Resolves {@code spec} through the model catalog (downloading if needed) and loads it. */
  public static LanguageModel load(String spec, ProgressListener progress) {
    return load(ModelCatalog.fromEnvironment().resolve(spec, progress));
  }

  public static LanguageModel load(Path path) {
    if (Files.isDirectory(path)) {
      return loadHfDirectory(path);
    }
    if (!Files.exists(path)) {
      throw new EngineException("model file not found: " + path);
    }
    if (path.getFileName().toString().endsWith(".safetensors")) {
      throw new EngineException(path + ": pass the model directory (with config.json and tokenizer.json), "
          + "not a single .safetensors file");
    }
    return loadGguf(path);
  }

  private static LanguageModel loadGguf(Path path) {
    EngineRuntime.init();
    GgufFile file = GgufFile.open(path);
    NDManager manager = null;
    try {
      ModelConfig config = GgufCheckpoint.config(file);
      GgufTokenizer tokenizer = GgufTokenizers.fromMetadata(file.metadata(), path);
      checkVocabulary(path, tokenizer, config);
      manager = NDManager.newBaseManager();
      Transformer transformer =
          new Transformer(
              config,
              GgufCheckpoint.weights(file, config, manager),
              GgufCheckpoint.rope(file, config, manager));
      String template = GgufTokenizers.chatTemplate(file.metadata()).orElse(null);
      return new LanguageModel(path, transformer, tokenizer, template,
          DecodeWeights.fromEnvironment(quantized(file), config), manager, file);
    } catch (RuntimeException e) {
      closeQuietly(manager);
      file.close();
      throw e;
    }
  }

  private static LanguageModel loadHfDirectory(Path dir) {
    EngineRuntime.init();
    ModelConfig config = HfConfig.read(dir.resolve("config.json"));
    WeightFile weights = SafetensorsFiles.openDirectory(dir);
    HfTokenizer tokenizer = null;
    NDManager manager = null;
    try {
      tokenizer = HfTokenizer.open(dir);
      checkVocabulary(dir, tokenizer, config);
      manager = NDManager.newBaseManager();
      Transformer transformer =
          new Transformer(
              config, HfCheckpoint.weights(weights, config, manager), HfCheckpoint.rope(config, manager));
      return new LanguageModel(
          dir, transformer, tokenizer, tokenizer.chatTemplate().orElse(null),
          DecodeWeights.fromEnvironment(quantized(weights), config), manager, tokenizer, weights);
    } catch (RuntimeException e) {
      closeQuietly(manager);
      closeQuietly(tokenizer);
      weights.close();
      throw e;
    }
  }

  /** Whether the checkpoint stores weights in a block-quantised type (8 bits or fewer), as GGUF files mostly do. */
  private static boolean quantized(WeightFile file) {
    return file.tensors().stream().anyMatch(t -> t.dtype().startsWith("Q"));
  }

  /** A tokenizer with ids past the embedding table would crash the forward pass on the first such token. */
  private static void checkVocabulary(Path source, Tokenizer tokenizer, ModelConfig config) {
    if (tokenizer.vocabSize() > config.vocabSize()) {
      throw new EngineException(source + ": the tokenizer has " + tokenizer.vocabSize()
          + " tokens but the model's embedding table has " + config.vocabSize()
          + " rows; the tokenizer does not belong to this model");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing: the original error is the one to report
    }
  }
}
