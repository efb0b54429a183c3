package dev.selfmoe.worker.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Two small workflows and their activity, enough to prove a server runs, persists and lists workflows. */
public final class TrivialWorkflows {
  static final String TASK_QUEUE = "trivial-workflows";

  private static final ActivityOptions ACTIVITY_OPTIONS =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build();

  private TrivialWorkflows() {}

  /** Greets through an activity, so a worker's workflow and activity pollers both take part. */
  @WorkflowInterface
  public interface Greeting {
    @WorkflowMethod
    String greet(String name);
  }

  /** Waits for a signal: the workflow that must survive a server restart while it is running. */
  @WorkflowInterface
  public interface AwaitRelease {
    @WorkflowMethod
    String run();

    @SignalMethod
    void release(String name);
  }

  @ActivityInterface
  public interface Greetings {
    String compose(String name);
  }

  public static final class GreetingImpl implements Greeting {
    private final Greetings greetings = Workflow.newActivityStub(Greetings.class, ACTIVITY_OPTIONS);

    @Override
    public String greet(String name) {
      return greetings.compose(name);
    }
  }

  public static final class AwaitReleaseImpl implements AwaitRelease {
    private final Greetings greetings = Workflow.newActivityStub(Greetings.class, ACTIVITY_OPTIONS);
    private String released;

    @Override
    public String run() {
      Workflow.await(() -> released != null);
      return greetings.compose(released);
    }

    @Override
    public void release(String name) {
      released = name;
    }
  }

  public static final class GreetingsImpl implements Greetings {
    @Override
    public String compose(String name) {
      return "hello " + name;
    }
  }

  static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TASK_QUEUE).build();
  }

  /** A worker for both workflows; closing it stops polling before the server it polls goes away. */
  static final class RunningWorker implements AutoCloseable {
    private final WorkerFactory factory;

    RunningWorker(WorkflowClient client) {
      factory = WorkerFactory.newInstance(client);
      factory.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(GreetingImpl.class, AwaitReleaseImpl.class);
      factory.getWorker(TASK_QUEUE).registerActivitiesImplementations(new GreetingsImpl());
      factory.start();
    }

    @Override
    public void close() {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
