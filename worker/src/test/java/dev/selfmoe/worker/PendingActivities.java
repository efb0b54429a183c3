package dev.selfmoe.worker;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a running workflow's pending activities the way the Web UI shows them: attempt and last heartbeat. */
final class PendingActivities {
  private static final Pattern RESUMED = Pattern.compile("\"resumed_from_step\"\\s*:\\s*(\\d+)");

  private PendingActivities() {}

  /** One line per pending activity: type, attempt, state, last failure and heartbeat (for failure messages). */
  static String describe(WorkflowServiceStubs stubs, String workflowId) {
    var response = stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
    StringBuilder b = new StringBuilder(workflowId + " " + response.getWorkflowExecutionInfo().getStatus());
    for (PendingActivityInfo a : response.getPendingActivitiesList()) {
      b.append("\n  ").append(a.getActivityType().getName()).append(" attempt ").append(a.getAttempt())
          .append(' ').append(a.getState()).append(" failure: ").append(a.getLastFailure().getMessage())
          .append(" heartbeat: ");
      a.getHeartbeatDetails().getPayloadsList().forEach(p -> b.append(p.getData().toString(StandardCharsets.UTF_8)));
    }
    return b.toString();
  }

  /** The step a retried {@code activityType} says it resumed from, or -1 while no retry reports one. */
  static int resumedFromStep(WorkflowServiceStubs stubs, String workflowId, String activityType) {
    var response = stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
    for (PendingActivityInfo a : response.getPendingActivitiesList()) {
      if (!a.getActivityType().getName().equals(activityType) || a.getAttempt() < 2) {
        continue;
      }
      for (Payload p : a.getHeartbeatDetails().getPayloadsList()) {
        Matcher m = RESUMED.matcher(p.getData().toString(StandardCharsets.UTF_8));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    }
    return -1;
  }
}
