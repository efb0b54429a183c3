package dev.selfmoe.cli;

import dev.selfmoe.workflows.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks what a local worker will need before anything starts, so a typo costs one line, not a failed workflow. */
final class Preflight {
  private Preflight() {}

  static void check(ExperimentSpec spec, Path defaultData) {
    String m = spec.model();
    if ((m.endsWith(".gguf") || m.startsWith("/") || m.startsWith(".")) && !Files.exists(Path.of(m))) {
      throw new UserInputException("model not found: " + m + " (spec field model)");
    }
    Path data = spec.data() != null ? Path.of(spec.data()) : defaultData;
    if (!Files.isDirectory(data)) {
      throw new UserInputException("benchmark data not found at " + data.toAbsolutePath()
          + " (set data: in the spec, pass --data DIR or set SELFMOE_DATA)");
    }
    spec.seeds().files().forEach((domain, file) -> {
      if (!Files.isRegularFile(Path.of(file))) {
        throw new UserInputException("seed file for " + domain + " not found: " + file + " (spec field seeds.files."
            + domain + ")");
      }
    });
  }
}
