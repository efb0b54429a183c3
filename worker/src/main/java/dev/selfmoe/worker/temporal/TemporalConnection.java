package dev.selfmoe.worker.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A checked gRPC connection to a Temporal frontend, from which workflow clients (and their workers) are made. */
public final class TemporalConnection implements AutoCloseable {
  public static final String DEFAULT_NAMESPACE = "default";

  private final String target;
  private final WorkflowServiceStubs stubs;

  private TemporalConnection(String target, WorkflowServiceStubs stubs) {
    this.target = target;
    this.stubs = stubs;
  }

  /**
   * Connects to {@code hostPort} and waits at most {@code timeout} for the frontend's health check, so a wrong address
   * fails here with one line rather than later inside a worker's poll loop.
   */
  public static TemporalConnection open(String hostPort, Duration timeout) {
    requireHostPort(hostPort);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(hostPort).build());
    try {
      stubs.connect(timeout);
      return new TemporalConnection(hostPort, stubs);
    } catch (RuntimeException e) {
      stubs.shutdownNow();
      throw new TemporalServerException("cannot reach Temporal at " + hostPort + ": " + reason(e), e);
    }
  }

  public String target() {
    return target;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client(DEFAULT_NAMESPACE);
  }

  public WorkflowClient client(String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  @Override
  public void close() {
    stubs.shutdown();
    if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
  }

  private static void requireHostPort(String hostPort) {
    // gRPC would read "localhost" without a port as a DNS name and fail later with a vaguer message.
    if (!hostPort.matches(".+:[0-9]+")) {
      throw new TemporalServerException("Temporal address must be HOST:PORT, got '" + hostPort + "'");
    }
  }

  /** gRPC's status plus the socket error under it, e.g. "UNAVAILABLE: io exception (Connection refused: ...)". */
  private static String reason(Throwable failure) {
    StatusRuntimeException grpc = null;
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (grpc == null && t instanceof StatusRuntimeException status) {
        grpc = status;
      }
      root = t;
    }
    String rootMessage = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    String reason = grpc == null ? rootMessage
        : grpc.getMessage().contains(rootMessage) ? grpc.getMessage()
        : grpc.getMessage() + " (" + rootMessage + ")";
    return reason.replaceAll("\\s+", " ").strip();
  }
}
