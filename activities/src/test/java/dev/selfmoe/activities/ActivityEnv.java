package dev.selfmoe.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.workflows.activity.ActivityStubs;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;

/**
 * Temporal's activity test environment with selfmoe's activities registered: calls go through the real SDK
 * (serialisation, heartbeats, cancellation), and every heartbeat's progress is kept for the test to inspect.
 */
public final class ActivityEnv implements AutoCloseable {
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final List<ActivityProgress> heartbeats = new CopyOnWriteArrayList<>();
  private volatile Consumer<ActivityProgress> onHeartbeat = p -> {};

  public ActivityEnv(Object... implementations) {
    env.registerActivitiesImplementations(implementations);
    env.setActivityHeartbeatListener(ActivityProgress.class, p -> {
      heartbeats.add(p);
      onHeartbeat.accept(p);
    });
  }

  /** A stub whose activities must heartbeat within {@code heartbeatTimeout}. */
  public <T> T stub(Class<T> activities, Duration heartbeatTimeout) {
    return env.newActivityStub(activities, ActivityOptions.newBuilder()
        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(heartbeatTimeout)
        .build());
  }

  public <T> T stub(Class<T> activities) {
    return stub(activities, Duration.ofSeconds(2));
  }

  public List<ActivityProgress> heartbeats() {
    return heartbeats;
  }

  /** Called with each heartbeat's progress as the (test) server receives it. */
  public void onHeartbeat(Consumer<ActivityProgress> listener) {
    onHeartbeat = listener;
  }

  /** Makes the server answer the next heartbeat with a cancellation. */
  public void cancel() {
    env.requestCancelActivity();
  }

  /** The call fails with the non-retryable bad-input failure; returns it. */
  public static ApplicationFailure assertBadInput(Executable call) {
    ActivityFailure f = assertThrows(ActivityFailure.class, call);
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, f.getCause());
    assertEquals(ActivityStubs.BAD_INPUT, cause.getType(), cause.getOriginalMessage());
    assertTrue(cause.isNonRetryable());
    assertTrue(!cause.getOriginalMessage().contains("\n"), "one line: " + cause.getOriginalMessage());
    return cause;
  }

  @Override
  public void close() {
    env.close();
  }
}
