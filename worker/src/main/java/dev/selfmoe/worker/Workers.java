package dev.selfmoe.worker;

import dev.selfmoe.workflows.domain.DomainWorkflowImpl;
import dev.selfmoe.workflows.experiment.ExperimentWorkflowImpl;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.sweep.SweepWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.List;

/**
 * Temporal workers for selfmoe's task queues. Workflows run on the light queue ({@code selfmoe-cpu}) with the
 * bookkeeping activities; model work polls whichever queues this process serves.
 */
public final class Workers {
  private Workers() {}

  /** Workflow types a worker on the light queue executes. */
  public static void registerWorkflows(Worker worker) {
    worker.registerWorkflowImplementationTypes(ExperimentWorkflowImpl.class, DomainWorkflowImpl.class,
        SweepWorkflowImpl.class);
  }

  /** Starts polling {@code queues}; the caller shuts the factory down. */
  public static WorkerFactory start(WorkflowClient client, ActivitySetup activities, List<String> queues) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    register(factory, activities, queues);
    factory.start();
    return factory;
  }

  /** Creates this process's workers on {@code factory} without starting it. */
  public static void register(WorkerFactory factory, ActivitySetup activities, List<String> queues) {
    for (String queue : queues) {
      Worker worker = activities.newWorker(factory, queue);
      if (queue.equals(QueueSpec.CPU)) {
        registerWorkflows(worker);
      }
    }
  }

  /** What a worker process needs to run activities: the database, the artifact store, the default data root. */
  public interface ActivitySetup {
    Worker newWorker(WorkerFactory factory, String queue);
  }
}
