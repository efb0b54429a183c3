package dev.selfmoe.worker;

import dev.selfmoe.workflows.experiment.ExperimentInput;
import dev.selfmoe.workflows.experiment.ExperimentWorkflow;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.sweep.SweepInput;
import dev.selfmoe.workflows.sweep.SweepWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

/**
 * Starts experiments and sweeps under stable workflow ids. Starting an id that is running attaches to it; starting
 * one that finished runs it again, which finds every artifact and evaluation it made in the store and so only
 * computes what is new (a resumed failure, an extended sweep).
 */
public final class ExperimentStarter {
  private ExperimentStarter() {}

  public static String experimentId(ExperimentSpec spec) {
    return spec.name() + "-" + spec.hash().substring(0, 8);
  }

  public static String sweepId(String name) {
    return "sweep-" + name;
  }

  public static WorkflowStub startExperiment(WorkflowClient client, ExperimentSpec spec, String workflowId) {
    ExperimentWorkflow wf = client.newWorkflowStub(ExperimentWorkflow.class, options(workflowId));
    try {
      WorkflowClient.start(wf::run, new ExperimentInput(spec, null, null));
      return WorkflowStub.fromTyped(wf);
    } catch (WorkflowExecutionAlreadyStarted running) {
      return client.newUntypedWorkflowStub(workflowId);
    }
  }

  public static WorkflowStub startSweep(WorkflowClient client, SweepInput input, String workflowId) {
    SweepWorkflow wf = client.newWorkflowStub(SweepWorkflow.class, options(workflowId));
    try {
      WorkflowClient.start(wf::run, input);
      return WorkflowStub.fromTyped(wf);
    } catch (WorkflowExecutionAlreadyStarted running) {
      return client.newUntypedWorkflowStub(workflowId);
    }
  }

  /** Workflows always run on {@code selfmoe-cpu}: any CPU worker can orchestrate, whatever queues the work uses. */
  private static WorkflowOptions options(String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(QueueSpec.CPU)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }
}
