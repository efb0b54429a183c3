package dev.selfmoe.engine.mixse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.AtomicDirectory;
import dev.selfmoe.engine.format.FileTrees;
import dev.selfmoe.engine.format.safetensors.SafetensorsFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsWriter;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.model.LanguageModel;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A MiXSE composition on disk: {@code router.safetensors} (one [experts, hidden] matrix, or one per layer) and
 * {@code mixse_config.json} naming the expert adapter directories (relative to the composition when they sit
 * inside it) and the routing settings, including random routing and its seed (the untrained-router ablation).
 */
public final class MixtureFormat {
  public static final String ROUTER = "router.safetensors";
  public static final String CONFIG = "mixse_config.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MixtureFormat() {}

  /** A loaded composition: the mixture and the expert tensors it reads, closed together. */
  public record Loaded(MixtureOfLoras mixture, List<LoraModules> experts, List<String> names) implements AutoCloseable {
    @Override
    public void close() {
      mixture.close();
      experts.forEach(LoraModules::close);
    }
  }

  /** Saves a composition that refers to expert adapters already on disk. */
  public static void save(MixtureOfLoras mixture, List<Path> expertDirs, int hidden, Path dir) {
    save(mixture, expertDirs, List.of(), Map.of(), hidden, dir);
  }

  /** Saves a composition together with its experts (jointly trained ones) under {@code experts/expert-N}. */
  public static void saveWithExperts(MixtureOfLoras mixture, List<LoraAdapter> experts, int hidden, Path dir) {
    save(mixture, List.of(), experts, Map.of(), hidden, dir);
  }

  /**
   * Saves a composition that carries copies of its expert directories as {@code experts/<name>}, so it stays valid
   * wherever the originals go. Files are hard-linked where the file system allows (the experts are never modified in
   * place), so bundling costs no space.
   */
  public static void saveBundled(MixtureOfLoras mixture, Map<String, Path> namedExpertDirs, int hidden, Path dir) {
    for (String name : namedExpertDirs.keySet()) {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new EngineException("expert name '" + name + "' cannot name a directory; use letters, digits, . _ -");
      }
    }
    save(mixture, List.of(), List.of(), namedExpertDirs, hidden, dir);
  }

  private static void save(MixtureOfLoras mixture, List<Path> expertDirs, List<LoraAdapter> embedded,
      Map<String, Path> bundled, int hidden, Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    AtomicDirectory.write(root, CONFIG, out -> {
      List<String> references = new ArrayList<>();
      for (Path p : expertDirs) {
        Path abs = p.toAbsolutePath().normalize();
        references.add(abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString());
      }
      for (int i = 0; i < embedded.size(); i++) {
        PeftFormat.save(embedded.get(i), out.resolve("experts").resolve("expert-" + i));
        references.add("experts/expert-" + i);
      }
      for (Map.Entry<String, Path> e : bundled.entrySet()) {
        FileTrees.linkOrCopy(e.getValue(), out.resolve("experts").resolve(e.getKey()));
        references.add("experts/" + e.getKey());
      }
      SafetensorsWriter w = new SafetensorsWriter();
      List<float[]> weights = mixture.routerWeights();
      for (int i = 0; i < weights.size(); i++) {
        w.add(weights.size() == 1 ? "router.weight" : "router.layers." + i + ".weight",
            new long[] {mixture.experts(), hidden}, weights.get(i));
      }
      w.write(out.resolve(ROUTER));
      ObjectNode config = JSON.createObjectNode();
      references.forEach(config.putArray("experts")::add);
      Routing r = mixture.routing();
      config.put("top_k", Math.min(r.topK(), mixture.experts()));
      config.put("renormalize", r.renormalize());
      config.put("dynamic_threshold", r.dynamicThreshold());
      config.put("random", r.random());
      config.put("random_seed", r.seed());
      config.put("layerwise", mixture.layerwise());
      config.put("hidden_size", hidden);
      JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(CONFIG).toFile(), config);
    });
  }

  /** Loads the composition for {@code model}; {@code routing} overrides the saved routing when not null. */
  public static Loaded load(Path dir, LanguageModel model, Routing routing) {
    JsonNode config;
    try {
      config = JSON.readTree(dir.resolve(CONFIG).toFile());
    } catch (IOException e) {
      throw new EngineException(dir + ": no readable " + CONFIG + " (not a MiXSE composition)");
    }
    List<LoraModules> experts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (JsonNode e : config.path("experts")) {
        Path p = dir.resolve(e.asText());
        var adapter = PeftFormat.load(p);
        PeftFormat.check(adapter, model.config());
        experts.add(LoraModules.of(adapter, model.config(), model.manager()));
        names.add(p.getFileName().toString());
      }
      List<float[]> weights = new ArrayList<>();
      try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(ROUTER))) {
        if (f.tensor("router.weight").isPresent()) {
          weights.add(floats(f, "router.weight"));
        } else {
          for (int l = 0; f.tensor("router.layers." + l + ".weight").isPresent(); l++) {
            weights.add(floats(f, "router.layers." + l + ".weight"));
          }
        }
      }
      Routing saved = new Routing(config.path("top_k").asInt(1), config.path("renormalize").asBoolean(false),
          config.path("dynamic_threshold").asDouble(0), config.path("random").asBoolean(false),
          config.path("random_seed").asLong(0));
      MixtureOfLoras mixture = MixtureOfLoras.of(experts, weights, model.config().layers(),
          model.config().hiddenSize(), routing == null ? saved : routing, model.manager());
      return new Loaded(mixture, experts, names);
    } catch (RuntimeException e) {
      experts.forEach(LoraModules::close);
      throw e;
    }
  }

  private static float[] floats(SafetensorsFile f, String name) {
    FloatBuffer b = f.readF32(name).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] v = new float[b.remaining()];
    b.get(v);
    return v;
  }
}
