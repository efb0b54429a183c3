package dev.selfmoe.engine;

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

  /** A missing model file is a broken checkout or a skipped install step, so it fails rather than skips. */
  private static Path require(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("test model missing: " + p + " (run .ci/run's install steps)");
    }
    return p;
  }

}
