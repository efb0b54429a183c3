package dev.selfmoe.activities.runtime;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;

/**
 * Keeps an activity visibly alive while it works and carries its latest progress. A background thread heartbeats at
 * a fraction of the heartbeat timeout, so engine calls that report rarely (loading a model, saving an adapter, one
 * long generation round) do not time out. Cancellation and worker shutdown arrive through those heartbeats; they are
 * raised on the activity's own thread at its next {@link #report} or {@link #check}, between units of work, so
 * checkpoints and cursors are left consistent.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Duration LONGEST_INTERVAL = Duration.ofSeconds(5);
  private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

  private final ActivityExecutionContext context;
  private final Thread beater;
  private volatile ActivityProgress latest;
  private volatile ActivityCompletionException stopped;
  private volatile boolean closed;

  private Heartbeat(ActivityExecutionContext context, ActivityProgress first) {
    this.context = context;
    this.latest = first;
    if (context == null) {
      beater = null;
      return;
    }
    Duration interval = interval(context.getInfo().getHeartbeatTimeout());
    beater = Thread.ofPlatform().daemon().name("heartbeat " + context.getInfo().getActivityType())
        .start(() -> beat(interval));
  }

  /** Starts heartbeating for the activity running on the calling thread. */
  public static Heartbeat start(String phase) {
    return new Heartbeat(Activity.getExecutionContext(), ActivityProgress.of(phase));
  }

  /** For work outside an activity: progress goes nowhere and nothing is ever cancelled. */
  public static Heartbeat none() {
    return new Heartbeat(null, ActivityProgress.of("none"));
  }

  static Duration interval(Duration heartbeatTimeout) {
    if (heartbeatTimeout == null || heartbeatTimeout.isZero()) {
      return LONGEST_INTERVAL;
    }
    Duration quarter = heartbeatTimeout.dividedBy(4);
    return quarter.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL
        : quarter.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL : quarter;
  }

  /** Records progress for the next heartbeat; throws if the activity was cancelled or its worker is stopping. */
  public void report(ActivityProgress progress) {
    latest = progress;
    check();
  }

  public void report(String phase, long done, long total) {
    report(new ActivityProgress(phase, done, total, null));
  }

  /** Throws the pending cancellation (or shutdown), if any, on the calling thread. */
  public void check() {
    ActivityCompletionException e = stopped;
    if (e != null) {
      throw e;
    }
  }

  public ActivityProgress latest() {
    return latest;
  }

  private void beat(Duration interval) {
    while (!closed) {
      try {
        context.heartbeat(latest);
      } catch (ActivityCompletionException e) {
        stopped = e;
        return;
      } catch (RuntimeException e) {
        // a heartbeat that could not be delivered is retried on the next beat; the timeout decides if it matters
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (beater != null) {
      beater.interrupt();
      try {
        beater.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
