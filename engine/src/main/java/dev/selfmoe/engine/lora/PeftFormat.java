package dev.selfmoe.engine.lora;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.safetensors.SafetensorsFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsWriter;
import dev.selfmoe.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hugging Face PEFT's on-disk LoRA adapter: a directory with adapter_config.json and adapter_model.safetensors, which
 * {@code PeftModel.from_pretrained} loads onto a Llama-style causal LM unchanged, and which adapters trained with PEFT
 * arrive in. Only plain LoRA (one rank and alpha, no DoRA, biases or extra trained modules) is read; anything else
 * fails with a message naming the feature rather than loading as a different update.
 */
public final class PeftFormat {
  public static final String CONFIG_FILE = "adapter_config.json";
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PeftFormat() {}

  /**
   * Writes the adapter as a PEFT directory. The directory appears complete or not at all. {@code dir} may be new,
   * empty, or hold a PEFT adapter, which is replaced while the directory's other files are kept; any other non-empty
   * directory is refused.
   */
  public static void save(LoraAdapter adapter, Path dir) {
    for (LoraKey key : adapter.factors().keySet()) {
      if (!adapter.config().targets().contains(key.target())) {
        throw new EngineException("adapter has factors for " + key.target().module + " in layer " + key.layer()
            + " but its config does not target " + key.target().module);
      }
      if (adapter.factors().get(key).rank() != adapter.config().rank()) {
        throw new EngineException("adapter config has rank " + adapter.config().rank() + " but layer "
            + key.layer() + " " + key.target().module + " has rank " + adapter.factors().get(key).rank()
            + "; PEFT needs one rank for all modules");
      }
    }
    AdapterDirectory.write(dir, temp -> {
      SafetensorsWriter weights = new SafetensorsWriter().metadata("format", "pt");
      adapter.factors().forEach((key, f) -> {
        weights.add(PeftTensorNames.name(key.layer(), key.target(), true), new long[] {f.rank(), f.in()}, f.a());
        weights.add(PeftTensorNames.name(key.layer(), key.target(), false), new long[] {f.out(), f.rank()}, f.b());
      });
      weights.write(temp.resolve(WEIGHTS_FILE));
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.resolve(CONFIG_FILE).toFile(),
          PeftConfigJson.toJson(adapter.config(), adapter.baseModel(), layers(adapter)));
    });
  }

  private static Set<Integer> layers(LoraAdapter adapter) {
    Set<Integer> layers = new TreeSet<>();
    adapter.factors().keySet().forEach(k -> layers.add(k.layer()));
    return layers;
  }

  /** Reads a PEFT LoRA directory; layers and each module's in/out come from the tensor shapes. */
  public static LoraAdapter load(Path dir) {
    Path configFile = dir.resolve(CONFIG_FILE);
    Path weightsFile = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new EngineException(configFile + ": no such file; " + dir + " is not a PEFT adapter directory");
    }
    JsonNode root;
    try {
      root = JSON.readTree(configFile.toFile());
    } catch (JsonProcessingException e) {
      throw new EngineException(configFile + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new EngineException(configFile + ": cannot read (" + e.getMessage() + ")", e);
    }
    PeftConfigJson.Parsed cfg = PeftConfigJson.parse(root, configFile.toString());
    if (!Files.isRegularFile(weightsFile)) {
      if (Files.isRegularFile(dir.resolve("adapter_model.bin"))) {
        throw new EngineException(dir.resolve("adapter_model.bin") + ": PyTorch pickle weights are not supported;"
            + " save the adapter with safe_serialization=True");
      }
      throw new EngineException(weightsFile + ": no such file");
    }
    try (SafetensorsFile file = SafetensorsFile.open(weightsFile)) {
      return read(file, cfg, weightsFile.toString());
    }
  }

  private static LoraAdapter read(SafetensorsFile file, PeftConfigJson.Parsed cfg, String where) {
    Map<LoraKey, String[]> pairs = new TreeMap<>();
    Set<LoraTarget> present = EnumSet.noneOf(LoraTarget.class);
    Set<String> adapterNames = new HashSet<>();
    for (TensorInfo t : file.tensors()) {
      PeftTensorNames.Parsed p = PeftTensorNames.parse(t.name(), where);
      adapterNames.add(p.adapterName() == null ? "(unnamed)" : p.adapterName());
      if (adapterNames.size() > 1) {
        throw new EngineException(where + ": holds more than one adapter " + adapterNames
            + "; save one adapter per directory");
      }
      if (cfg.regex() != null && !cfg.regex().matcher(p.module()).matches()) {
        throw new EngineException(where + ": tensor " + t.name() + " adapts " + p.module()
            + ", which target_modules '" + cfg.regex().pattern() + "' does not match");
      }
      if (cfg.layers() != null && !cfg.layers().contains(p.layer())) {
        throw new EngineException(where + ": tensor " + t.name() + " is in layer " + p.layer()
            + ", which layers_to_transform " + cfg.layers() + " leaves out");
      }
      if (cfg.listed() != null && !cfg.listed().contains(p.target())) {
        throw new EngineException(where + ": tensor " + t.name() + " adapts " + p.target().module
            + ", which target_modules does not list");
      }
      present.add(p.target());
      String[] pair = pairs.computeIfAbsent(new LoraKey(p.layer(), p.target()), k -> new String[2]);
      pair[p.isA() ? 0 : 1] = t.name();
    }
    if (pairs.isEmpty()) {
      throw new EngineException(where + ": holds no LoRA factors");
    }
    if (cfg.listed() != null && !present.containsAll(cfg.listed())) {
      Set<LoraTarget> missing = EnumSet.copyOf(cfg.listed());
      missing.removeAll(present);
      throw new EngineException(where + ": target_modules lists " + missing.iterator().next().module
          + " but there are no factors for it");
    }
    Map<LoraKey, LoraFactors> factors = new TreeMap<>();
    pairs.forEach((key, pair) -> factors.put(key, factors(file, key, pair, cfg.rank(), where)));
    LoraConfig config = new LoraConfig(cfg.rank(), cfg.alpha(), cfg.dropout(), present);
    return new LoraAdapter(config, cfg.baseModel(), factors);
  }

  private static LoraFactors factors(SafetensorsFile file, LoraKey key, String[] pair, int rank, String where) {
    String what = "layer " + key.layer() + " " + key.target().module;
    for (int i = 0; i < 2; i++) {
      if (pair[i] == null) {
        throw new EngineException(where + ": " + what + " has lora_" + (i == 0 ? "B" : "A") + " but no lora_"
            + (i == 0 ? "A" : "B"));
      }
    }
    long[] a = file.tensor(pair[0]).orElseThrow().shape();
    long[] b = file.tensor(pair[1]).orElseThrow().shape();
    if (a.length != 2 || b.length != 2) {
      throw new EngineException(where + ": " + what + " factors are not matrices");
    }
    if (a[0] != rank || b[1] != rank) {
      throw new EngineException(where + ": rank mismatch: " + CONFIG_FILE + " has r=" + rank + " but " + what
          + " has lora_A [" + a[0] + ", " + a[1] + "] and lora_B [" + b[0] + ", " + b[1] + "]");
    }
    return new LoraFactors(rank, Math.toIntExact(a[1]), Math.toIntExact(b[0]), floats(file, pair[0]),
        floats(file, pair[1]));
  }

  private static float[] floats(SafetensorsFile file, String name) {
    var buf = file.readF32(name).asFloatBuffer();
    float[] out = new float[buf.remaining()];
    buf.get(out);
    return out;
  }

  /** Fails unless every factor fits the model's module of the same name in a layer the model has. */
  public static void check(LoraAdapter adapter, ModelConfig config) {
    adapter.factors().forEach((key, f) -> {
      String where = "layer " + key.layer() + " " + key.target().module;
      if (key.layer() >= config.layers()) {
        throw new EngineException("adapter does not match the base model: it adapts " + where
            + " but the model has " + config.layers() + " layers");
      }
      int[] shape = moduleShape(key.target(), config);
      if (f.in() != shape[0] || f.out() != shape[1]) {
        throw new EngineException("adapter does not match the base model: " + where + " is in " + f.in()
            + ", out " + f.out() + " in the adapter but in " + shape[0] + ", out " + shape[1] + " in the model");
      }
    });
  }

  /** {in, out} of a module's weight. */
  private static int[] moduleShape(LoraTarget target, ModelConfig c) {
    return switch (target) {
      case Q -> new int[] {c.hiddenSize(), c.qDim()};
      case K, V -> new int[] {c.hiddenSize(), c.kvDim()};
      case O -> new int[] {c.qDim(), c.hiddenSize()};
      case GATE, UP -> new int[] {c.hiddenSize(), c.intermediateSize()};
      case DOWN -> new int[] {c.intermediateSize(), c.hiddenSize()};
    };
  }
}
