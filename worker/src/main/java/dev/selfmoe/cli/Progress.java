package dev.selfmoe.cli;

import dev.selfmoe.workflows.experiment.ExperimentProgress;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Follows a running workflow to its end, redrawing one progress line from its progress query. */
final class Progress {
  private Progress() {}

  static <T> T follow(WorkflowStub stub, Class<T> resultType, PrintWriter err, boolean queryable)
      throws InterruptedException {
    CompletableFuture<T> result = stub.getResultAsync(resultType);
    long start = System.nanoTime();
    String last = "";
    while (true) {
      try {
        T t = result.get(2, TimeUnit.SECONDS);
        err.println();
        return t;
      } catch (TimeoutException e) {
        String line = queryable ? line(stub) : "";
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        String shown = String.format("%s %02d:%02d %s", stub.getExecution().getWorkflowId(),
            s / 60, s % 60, line);
        if (!shown.equals(last)) {
          err.print("\r" + (shown.length() > 150 ? shown.substring(0, 150) : String.format("%-150s", shown)));
          err.flush();
          last = shown;
        }
      } catch (ExecutionException e) {
        err.println();
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }

  private static String line(WorkflowStub stub) {
    try {
      ExperimentProgress p = stub.query("progress", ExperimentProgress.class);
      int width = 20;
      int filled = p.planned() == 0 ? 0 : Math.min(width, width * p.done() / p.planned());
      return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + p.done() + "/" + p.planned() + " "
          + p.phase() + (p.running().isEmpty() ? "" : ": " + String.join(", ", p.running()));
    } catch (RuntimeException e) {
      return "";
    }
  }
}
