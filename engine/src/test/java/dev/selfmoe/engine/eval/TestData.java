package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.TestModels;
import java.nio.file.Path;

/** The shared benchmark data, loaded once per test JVM since MMLU and MATH take a moment to parse. */
public final class TestData {
  private static BenchmarkRegistry registry;

  private TestData() {}

  public static Path root() {
    return TestModels.shared().resolve("data");
  }

  public static synchronized BenchmarkRegistry registry() {
    if (registry == null) {
      registry = new BenchmarkRegistry(root());
    }
    return registry;
  }
}
