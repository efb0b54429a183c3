package dev.selfmoe.worker;

import dev.selfmoe.cli.RunningActivities;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Optional;

/** Reads an experiment's pending activities (its own and its child workflows') as the Web UI shows them. */
final class PendingActivities {
  private PendingActivities() {}

  /** One line per pending activity: workflow, type, attempt, last failure and heartbeat (for failure messages). */
  static String describe(WorkflowServiceStubs stubs, String workflowId) {
    StringBuilder b = new StringBuilder("pending under " + workflowId + ":");
    for (RunningActivities.Running a : RunningActivities.of(stubs, "default", workflowId)) {
      b.append("\n  ").append(a.workflowId()).append(' ').append(a.type()).append(" attempt ").append(a.attempt())
          .append(a.started() ? " started" : " scheduled").append(" failure: ").append(a.failure())
          .append(" heartbeat: ").append(a.heartbeat());
    }
    return b.toString();
  }

  /** The retried {@code activityType} under the experiment once it reports the step it resumed from. */
  static Optional<RunningActivities.Running> resumed(WorkflowServiceStubs stubs, String experimentId,
      String activityType) {
    return RunningActivities.of(stubs, "default", experimentId).stream()
        .filter(a -> a.type().equals(activityType) && a.attempt() >= 2 && a.figures().has("resumed_from_step"))
        .filter(a -> a.figures().get("resumed_from_step").asInt() > 0)
        .findFirst();
  }
}
