package dev.selfmoe.ui.read;

import java.time.Duration;
import java.time.Instant;

/**
 * One experiment as the list shows it; {@code sweepId} and {@code cellLabel} are null outside a sweep, {@code
 * finishedAt} while it runs.
 */
public record ExperimentSummary(String id, String name, String status, String sweepId, String cellLabel,
    Instant createdAt, Instant finishedAt, int evaluations) {

  public boolean running() {
    return status.equals("running");
  }

  /** Until now for a running experiment. */
  public Duration duration(Instant now) {
    return Duration.between(createdAt, finishedAt == null ? now : finishedAt);
  }
}
