package dev.selfmoe.worker;

import dev.selfmoe.activities.ActivityWorkerFactory;
import dev.selfmoe.activities.store.ArtifactStore;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.workflows.spec.QueueSpec;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;

/** This process's activities: model work on {@code selfmoe-gpu}, bookkeeping on {@code selfmoe-cpu}. */
public final class ActivityRuntime implements Workers.ActivitySetup, AutoCloseable {
  private final ActivityWorkerFactory activities;

  public ActivityRuntime(SelfmoeDatabase db, Path artifactRoot, Path defaultDataRoot) {
    activities = new ActivityWorkerFactory(db, new ArtifactStore(artifactRoot, db.artifacts()),
        defaultDataRoot == null ? null : defaultDataRoot.toAbsolutePath());
  }

  @Override
  public Worker newWorker(WorkerFactory factory, String queue) {
    return queue.equals(QueueSpec.GPU) ? activities.newComputeWorker(factory) : activities.newLightWorker(factory, queue);
  }

  @Override
  public void close() {
    activities.close();
  }
}
