package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.spec.QueueSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Every activity stub with its options in one place: model work heartbeats; bad input is never retried. */
public final class ActivityStubs {
  /** The failure type activities raise for input that no retry can fix. */
  public static final String BAD_INPUT = "BadInput";

  public final DataActivities data;
  public final TrainingActivities training;
  public final EvaluationActivities evaluation;
  public final RecordActivities records;

  public ActivityStubs(QueueSpec queues) {
    RetryOptions retry = RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(2))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofMinutes(5))
        .setMaximumAttempts(20)
        .setDoNotRetry(BAD_INPUT)
        .build();
    ActivityOptions compute = ActivityOptions.newBuilder()
        .setTaskQueue(queues.compute())
        .setStartToCloseTimeout(Duration.ofDays(7))
        .setHeartbeatTimeout(Duration.ofSeconds(queues.heartbeatTimeoutSeconds()))
        .setRetryOptions(retry)
        .build();
    ActivityOptions light = ActivityOptions.newBuilder()
        .setTaskQueue(queues.light())
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(retry)
        .build();
    data = Workflow.newActivityStub(DataActivities.class, compute);
    training = Workflow.newActivityStub(TrainingActivities.class, compute);
    evaluation = Workflow.newActivityStub(EvaluationActivities.class, compute);
    records = Workflow.newActivityStub(RecordActivities.class, light);
  }
}
