package dev.selfmoe.worker.temporal;

import com.google.protobuf.ByteString;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow executions of a namespace as the server's visibility store lists them: the same list the Web UI shows.
 * Visibility is updated asynchronously, so an execution appears there shortly after it starts or changes status. The
 * in-process test server has no visibility store and answers UNIMPLEMENTED.
 */
public final class WorkflowListing {
  public record ListedWorkflow(String workflowId, String runId, String type, WorkflowExecutionStatus status) {}

  private WorkflowListing() {}

  /** Every execution in {@code namespace}, newest first. */
  public static List<ListedWorkflow> list(WorkflowServiceStubs stubs, String namespace) {
    return list(stubs, namespace, "");
  }

  /** The executions matching a visibility query such as {@code WorkflowType = 'Experiment'}; empty means all. */
  public static List<ListedWorkflow> list(WorkflowServiceStubs stubs, String namespace, String query) {
    List<ListedWorkflow> listed = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse response = stubs.blockingStub().listWorkflowExecutions(
          ListWorkflowExecutionsRequest.newBuilder()
              .setNamespace(namespace)
              .setQuery(query)
              .setNextPageToken(page)
              .build());
      for (WorkflowExecutionInfo info : response.getExecutionsList()) {
        listed.add(new ListedWorkflow(
            info.getExecution().getWorkflowId(), info.getExecution().getRunId(), info.getType().getName(),
            info.getStatus()));
      }
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return listed;
  }
}
