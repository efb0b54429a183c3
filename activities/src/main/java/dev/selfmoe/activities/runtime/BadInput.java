package dev.selfmoe.activities.runtime;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.workflows.activity.ActivityStubs;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/** Input no retry can fix, failed as the non-retryable {@link ActivityStubs#BAD_INPUT} type with a one-line message. */
public final class BadInput {
  private BadInput() {}

  public static ApplicationFailure failure(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ActivityStubs.BAD_INPUT);
  }

  /**
   * Runs an engine call whose only failures come from what it was given (a seed file, benchmark data, an adapter's
   * shapes), reporting them as bad input.
   */
  public static <T> T check(Supplier<T> call) {
    try {
      return call.get();
    } catch (EngineException e) {
      throw failure(e.getMessage());
    }
  }

  /** {@link #check} for a call that returns nothing. */
  public static void checkRun(Runnable call) {
    try {
      call.run();
    } catch (EngineException e) {
      throw failure(e.getMessage());
    }
  }

  public static void require(boolean ok, String message) {
    if (!ok) {
      throw failure(message);
    }
  }
}
