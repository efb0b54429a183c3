package dev.selfmoe.activities;

import dev.selfmoe.activities.data.DataActivitiesImpl;
import dev.selfmoe.activities.evaluation.EvaluationActivitiesImpl;
import dev.selfmoe.activities.records.RecordActivitiesImpl;
import dev.selfmoe.activities.runtime.ModelCache;
import dev.selfmoe.activities.store.ArtifactStore;
import dev.selfmoe.activities.training.TrainingActivitiesImpl;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.workflows.spec.QueueSpec;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;

/**
 * Puts selfmoe's activities on a Temporal worker factory: model work (self-specialization, training, merging,
 * evaluation) on the compute queue, database bookkeeping on the light queue. Workflows are the caller's to register.
 *
 * <p>The compute queue runs one activity at a time by default: on a CPU one training step already uses every core,
 * and activities lease the base model exclusively (see {@link ModelCache}), so more would only queue inside the
 * worker. Raise it for a worker whose activities use different models on separate devices.
 *
 * <p>Close this after the worker factory has shut down: it closes the loaded models.
 */
public final class ActivityWorkerFactory implements AutoCloseable {
  public static final int DEFAULT_COMPUTE_CONCURRENCY = 1;
  public static final int DEFAULT_LOADED_MODELS = 1;

  private final WorkerResources resources;

  /** Keeps {@value #DEFAULT_LOADED_MODELS} base model loaded at a time. */
  public ActivityWorkerFactory(SelfmoeDatabase db, ArtifactStore store, Path defaultDataRoot) {
    this(new WorkerResources(db, store, new ModelCache(DEFAULT_LOADED_MODELS), defaultDataRoot));
  }

  public ActivityWorkerFactory(WorkerResources resources) {
    this.resources = resources;
  }

  public WorkerResources resources() {
    return resources;
  }

  /** A worker on {@value QueueSpec#GPU} running {@value #DEFAULT_COMPUTE_CONCURRENCY} activity at a time. */
  public Worker newComputeWorker(WorkerFactory factory) {
    return newComputeWorker(factory, QueueSpec.GPU, DEFAULT_COMPUTE_CONCURRENCY);
  }

  public Worker newComputeWorker(WorkerFactory factory, String taskQueue, int concurrency) {
    Worker worker = factory.newWorker(taskQueue, computeOptions(concurrency));
    registerCompute(worker);
    return worker;
  }

  /** A worker on {@value QueueSpec#CPU}. */
  public Worker newLightWorker(WorkerFactory factory) {
    return newLightWorker(factory, QueueSpec.CPU);
  }

  public Worker newLightWorker(WorkerFactory factory, String taskQueue) {
    Worker worker = factory.newWorker(taskQueue);
    registerLight(worker);
    return worker;
  }

  /** Options for a compute worker the caller creates itself (to register workflows on the same queue, say). */
  public static WorkerOptions computeOptions(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("compute concurrency must be at least 1, got " + concurrency);
    }
    return WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(concurrency).build();
  }

  /** The model activities: data, training and evaluation. */
  public void registerCompute(Worker worker) {
    worker.registerActivitiesImplementations(new DataActivitiesImpl(resources),
        new TrainingActivitiesImpl(resources), new EvaluationActivitiesImpl(resources));
  }

  /** The bookkeeping activities. */
  public void registerLight(Worker worker) {
    worker.registerActivitiesImplementations(new RecordActivitiesImpl(resources));
  }

  @Override
  public void close() {
    resources.models().close();
  }
}
