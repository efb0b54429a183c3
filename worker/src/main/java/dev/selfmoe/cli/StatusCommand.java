package dev.selfmoe.cli;

import dev.selfmoe.workflows.experiment.ExperimentProgress;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Where an experiment or sweep stands: its workflow's state, its progress, and its database record. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show an experiment's or sweep's state.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin PlatformOptions platform;

  @Parameters(index = "0", paramLabel = "ID", description = "Experiment or sweep id (as run/sweep printed).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = command.commandLine().getOut();
    try (Session session = Session.open(platform, true, List.of(), System.err)) {
      var record = session.platform.database().experiments().find(id);
      record.ifPresent(r -> out.println("record:   " + r.status().sqlName() + ", started " + r.createdAt()
          + (r.finishedAt() == null ? "" : ", finished " + r.finishedAt())));
      try {
        var execution = session.platform.connection().stubs().blockingStub().describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
        String status = execution.getWorkflowExecutionInfo().getStatus().name()
            .replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
        out.println("workflow: " + status + " (" + execution.getPendingActivitiesCount() + " activities pending)");
        if (status.equals("running")) {
          try {
            ExperimentProgress p = session.platform.client().newUntypedWorkflowStub(id)
                .query("progress", ExperimentProgress.class);
            out.println("progress: " + p.done() + "/" + p.planned() + " " + p.phase()
                + (p.running().isEmpty() ? "" : "; running: " + String.join(", ", p.running())));
          } catch (RuntimeException sweepsHaveNoProgressQuery) {
            // Sweeps report through their cells.
          }
          for (RunningActivities.Running a : RunningActivities.of(session.platform.connection().stubs(), "default",
              id)) {
            out.println((a.started() ? "running:  " : "queued:   ") + a.workflowId() + " " + a.type() + ": "
                + a.summary() + (a.failure().isEmpty() ? "" : " (last failure: " + a.failure() + ")"));
          }
        }
      } catch (io.grpc.StatusRuntimeException e) {
        if (record.isEmpty()) {
          throw new UserInputException("no experiment or sweep with id " + id);
        }
        out.println("workflow: not known to this Temporal server (" + e.getStatus().getCode() + ")");
      }
    }
    return ExitCode.OK;
  }
}
