package dev.selfmoe.activities.store;

import dev.selfmoe.db.Lineage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Computes one recipe's artifact inside its work directory. */
@FunctionalInterface
public interface ArtifactWork {
  /**
   * What the work made: {@code output} inside the work directory, the artifacts it was made from, and rows to write
   * once the artifact is recorded (given its sha256; idempotent).
   */
  record Made(Path output, List<Lineage> parents, Consumer<String> rows) {
    public static Made of(Path output, List<Lineage> parents) {
      return new Made(output, parents, sha -> {});
    }
  }

  Made run(Path workDir) throws IOException;
}
