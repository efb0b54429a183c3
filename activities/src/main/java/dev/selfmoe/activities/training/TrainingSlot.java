package dev.selfmoe.activities.training;

import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.activities.runtime.Heartbeat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One training run at a time per worker process: DJL records gradients with one process-wide collector, so a second
 * run starting while another is in a step fails. A worker allowing several compute activities (on different models)
 * queues its training here, heartbeating.
 */
final class TrainingSlot implements AutoCloseable {
  private static final Semaphore SLOT = new Semaphore(1);

  private TrainingSlot() {}

  static TrainingSlot take(Heartbeat heartbeat) {
    try {
      while (!SLOT.tryAcquire(1, TimeUnit.SECONDS)) {
        heartbeat.report(ActivityProgress.of("waiting for another training run in this worker to finish"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to train", e);
    }
    return new TrainingSlot();
  }

  @Override
  public void close() {
    SLOT.release();
  }
}
