package dev.selfmoe.activities;

import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.ModelCache;
import dev.selfmoe.activities.store.ArtifactStore;
import dev.selfmoe.db.SelfmoeDatabase;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every activity of a worker shares: the database, the artifact store, the loaded models and the benchmark data
 * root used when a request names none.
 */
public record WorkerResources(SelfmoeDatabase db, ArtifactStore store, ModelCache models, Path defaultDataRoot) {

  /** The request's benchmark data root, or the worker's; either must exist. */
  public Path dataRoot(String requested) {
    Path root = requested != null ? Path.of(requested) : defaultDataRoot;
    BadInput.require(root != null, "no benchmark data root: the request names none and the worker has no default");
    BadInput.require(Files.isDirectory(root), "benchmark data not found at " + root.toAbsolutePath()
        + " (set the experiment's data, or start the worker with a data root)");
    return root;
  }
}
