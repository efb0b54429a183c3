package dev.selfmoe.ui.read;

import java.time.Instant;

/** One sweep: its cells and how many of them are still running. */
public record SweepSummary(String id, String name, Instant createdAt, int cells, int runningCells) {
  /**
   * Whether it may still be running: a cell runs, or none has started yet (cells start once the experts they share
   * are trained; the database holds no state for the sweep itself, its Temporal history does).
   */
  public boolean live() {
    return cells == 0 || runningCells > 0;
  }
}
