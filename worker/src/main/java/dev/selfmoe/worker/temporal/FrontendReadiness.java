package dev.selfmoe.worker.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a starting Temporal server until it serves requests for a namespace. */
final class FrontendReadiness {
  enum Outcome {
    READY,
    SERVER_EXITED,
    TIMED_OUT
  }

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private FrontendReadiness() {}

  static Outcome await(String host, int port, String namespace, BooleanSupplier serverAlive, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    // A plain TCP probe first: a gRPC channel opened before the port listens backs off for seconds between retries.
    while (!accepts(host, port)) {
      Optional<Outcome> stop = stopReason(serverAlive, deadline);
      if (stop.isPresent()) {
        return stop.get();
      }
      sleep();
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(host + ":" + port).build());
    try {
      DescribeNamespaceRequest describe = DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build();
      while (true) {
        try {
          stubs.blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS).describeNamespace(describe);
          return Outcome.READY;
        } catch (StatusRuntimeException notYet) {
          Optional<Outcome> stop = stopReason(serverAlive, deadline);
          if (stop.isPresent()) {
            return stop.get();
          }
          sleep();
        }
      }
    } finally {
      stubs.shutdownNow();
    }
  }

  private static Optional<Outcome> stopReason(BooleanSupplier serverAlive, Instant deadline) {
    if (!serverAlive.getAsBoolean()) {
      return Optional.of(Outcome.SERVER_EXITED);
    }
    return Instant.now().isAfter(deadline) ? Optional.of(Outcome.TIMED_OUT) : Optional.empty();
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TemporalServerException("interrupted while waiting for the Temporal server to start", e);
    }
  }
}
