package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The activities pending under a workflow and its running child workflows, each with the progress its last heartbeat
 * carried (phase, done of total, figures such as kept/dropped or loss): what the Web UI shows per activity, gathered
 * for the CLI's progress line and {@code status}.
 */
public final class RunningActivities {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 3;

  /** One pending activity; {@code heartbeat} is its last reported progress, or a null node before the first. */
  public record Running(String workflowId, String type, int attempt, boolean started, JsonNode heartbeat, String failure) {

    public String phase() {
      return heartbeat.path("phase").asText(type);
    }

    public long done() {
      return heartbeat.path("done").asLong(0);
    }

    public long total() {
      return heartbeat.path("total").asLong(0);
    }

    public JsonNode figures() {
      return heartbeat.path("figures");
    }

    /** "phase 12/24 kept 10, dropped 7" or "phase 40/96 loss 1.234"; the attempt when it is a retry. */
    public String summary() {
      StringBuilder b = new StringBuilder(phase());
      if (total() > 0) {
        b.append(' ').append(done()).append('/').append(total());
      }
      JsonNode f = figures();
      if (f.has("kept")) {
        long dropped = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          dropped += e.getKey().startsWith("dropped_") ? e.getValue().asLong() : 0;
        }
        b.append(" kept ").append(f.get("kept").asLong()).append(", dropped ").append(dropped);
      }
      if (f.has("loss")) {
        b.append(String.format(Locale.ROOT, " loss %.3f", f.get("loss").asDouble()));
      }
      if (attempt > 1) {
        b.append(" (attempt ").append(attempt).append(')');
      }
      return b.toString();
    }
  }

  private RunningActivities() {}

  /** Pending activities of {@code workflowId} and, depth first, of its running children. */
  public static List<Running> of(WorkflowServiceStubs stubs, String namespace, String workflowId) {
    List<Running> out = new ArrayList<>();
    collect(stubs, namespace, workflowId, 0, out);
    return out;
  }

  /** Only those a worker is executing now (not those queued behind them). */
  public static List<Running> started(WorkflowServiceStubs stubs, String namespace, String workflowId) {
    return of(stubs, namespace, workflowId).stream().filter(Running::started).toList();
  }

  private static void collect(WorkflowServiceStubs stubs, String namespace, String workflowId, int depth,
      List<Running> out) {
    DescribeWorkflowExecutionResponse d = stubs.blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
    for (PendingActivityInfo a : d.getPendingActivitiesList()) {
      out.add(new Running(workflowId, a.getActivityType().getName(), a.getAttempt(),
          a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
          heartbeat(a.getHeartbeatDetails().getPayloadsList()), a.getLastFailure().getMessage()));
    }
    if (depth < MAX_DEPTH) {
      for (PendingChildExecutionInfo child : d.getPendingChildrenList()) {
        collect(stubs, namespace, child.getWorkflowId(), depth + 1, out);
      }
    }
  }

  private static JsonNode heartbeat(List<Payload> payloads) {
    if (payloads.isEmpty()) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(payloads.get(payloads.size() - 1).getData().toByteArray());
    } catch (IOException e) {
      return NullNode.getInstance();
    }
  }
}
