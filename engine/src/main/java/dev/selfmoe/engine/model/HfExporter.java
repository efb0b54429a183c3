package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.AtomicDirectory;
import dev.selfmoe.engine.format.safetensors.SafetensorsWriter;
import dev.selfmoe.engine.model.TensorNames.Layer;
import dev.selfmoe.engine.tokenizer.GgufTokenizer;
import dev.selfmoe.engine.tokenizer.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a loaded model as a Hugging Face directory (config.json, model.safetensors, tokenizer.json), the layout
 * transformers and PEFT read. The directory appears complete or not at all (see {@link AtomicDirectory}).
 */
public final class HfExporter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> HF_TOKENIZER_FILES =
      List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json");

  private HfExporter() {}

  public static void export(LanguageModel model, Path target) {
    AtomicDirectory.write(target, "model.safetensors", dir -> {
      ModelConfig config = model.config();
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), HfConfig.toJson(config));
      weights(model.transformer().weights(), config).write(dir.resolve("model.safetensors"));
      tokenizer(model, dir);
    });
  }

  private static SafetensorsWriter weights(ModelWeights w, ModelConfig config) {
    boolean normOffset = config.family().normWeightOffset;
    SafetensorsWriter out = new SafetensorsWriter();
    add(out, TensorNames.EMBED, w.embed, false);
    for (int i = 0; i < w.layers.size(); i++) {
      LayerWeights l = w.layers.get(i);
      add(out, Layer.ATTN_NORM.hf(i), l.attnNorm(), normOffset);
      add(out, Layer.Q.hf(i), l.q(), false);
      add(out, Layer.K.hf(i), l.k(), false);
      add(out, Layer.V.hf(i), l.v(), false);
      if (l.qBias() != null) {
        add(out, Layer.Q_BIAS.hf(i), l.qBias(), false);
        add(out, Layer.K_BIAS.hf(i), l.kBias(), false);
        add(out, Layer.V_BIAS.hf(i), l.vBias(), false);
      }
      add(out, Layer.O.hf(i), l.o(), false);
      add(out, Layer.MLP_NORM.hf(i), l.mlpNorm(), normOffset);
      add(out, Layer.GATE.hf(i), l.gate(), false);
      add(out, Layer.UP.hf(i), l.up(), false);
      add(out, Layer.DOWN.hf(i), l.down(), false);
    }
    add(out, TensorNames.FINAL_NORM, w.finalNorm, normOffset);
    if (!config.tiedEmbeddings()) {
      add(out, TensorNames.LM_HEAD, w.lmHead, false);
    }
    return out.metadata("format", "pt");
  }

  /** Gemma checkpoints store norm weights as w - 1; the engine holds the effective w. */
  private static void add(SafetensorsWriter out, String name, NDArray array, boolean storeMinusOne) {
    float[] values = array.toFloatArray();
    if (storeMinusOne) {
      for (int i = 0; i < values.length; i++) {
        values[i] -= 1f;
      }
    }
    out.add(name, array.getShape().getShape(), values);
  }

  private static void tokenizer(LanguageModel model, Path dir) throws IOException {
    if (model.tokenizer() instanceof GgufTokenizer gguf) {
      TokenizerJsonWriter.write(gguf, model.chatTemplate(), dir);
      return;
    }
    if (!Files.isDirectory(model.source())) {
      throw new EngineException(model.source() + ": cannot export this model's tokenizer");
    }
    for (String name : HF_TOKENIZER_FILES) {
      Path file = model.source().resolve(name);
      if (Files.isRegularFile(file)) {
        Files.copy(file, dir.resolve(name));
      }
    }
  }
}
