package dev.selfmoe.cli;

import dev.selfmoe.workflows.experiment.ExperimentProgress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a running workflow to its end, redrawing one progress line: the steps done from its progress query, then
 * what the activities running under it (its own and its child workflows') last reported with their heartbeats.
 */
final class Progress {
  private static final int WIDTH = 160;

  private Progress() {}

  static <T> T follow(WorkflowClient client, WorkflowStub stub, Class<T> resultType, PrintWriter err,
      boolean queryable) throws InterruptedException {
    CompletableFuture<T> result = stub.getResultAsync(resultType);
    long start = System.nanoTime();
    String last = "";
    while (true) {
      try {
        T t = result.get(2, TimeUnit.SECONDS);
        err.println();
        return t;
      } catch (TimeoutException e) {
        String activities = activities(client, stub.getExecution().getWorkflowId());
        String line = queryable ? line(stub, activities.isEmpty()) + activities : activities.replaceFirst("^: ", "");
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        String shown = String.format("%s %02d:%02d %s", stub.getExecution().getWorkflowId(),
            s / 60, s % 60, line);
        if (!shown.equals(last)) {
          err.print("\r" + (shown.length() > WIDTH ? shown.substring(0, WIDTH)
              : String.format("%-" + WIDTH + "s", shown)));
          err.flush();
          last = shown;
        }
      } catch (ExecutionException e) {
        err.println();
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }

  private static String line(WorkflowStub stub, boolean withRunningSteps) {
    try {
      ExperimentProgress p = stub.query("progress", ExperimentProgress.class);
      int width = 20;
      int filled = p.planned() == 0 ? 0 : Math.min(width, width * p.done() / p.planned());
      return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + p.done() + "/" + p.planned() + " "
          + p.phase() + (!withRunningSteps || p.running().isEmpty() ? "" : ": " + String.join(", ", p.running()));
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String activities(WorkflowClient client, String workflowId) {
    try {
      List<String> running = RunningActivities.started(client.getWorkflowServiceStubs(),
          client.getOptions().getNamespace(), workflowId).stream().map(RunningActivities.Running::summary).toList();
      return running.isEmpty() ? "" : ": " + String.join(" | ", running);
    } catch (RuntimeException e) {
      return ""; // the line is redrawn in two seconds; a failed describe only skips one frame
    }
  }
}
