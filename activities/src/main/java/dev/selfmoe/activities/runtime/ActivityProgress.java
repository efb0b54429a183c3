package dev.selfmoe.activities.runtime;

import java.util.Map;

/**
 * What an activity reports with each heartbeat: the phase it is in, how far it has got ({@code total} 0 when
 * unknown) and figures worth watching (kept/dropped counts, loss and learning rate).
 */
public record ActivityProgress(String phase, long done, long total, Map<String, Object> figures) {
  public ActivityProgress {
    figures = figures == null ? Map.of() : Map.copyOf(figures);
  }

  public static ActivityProgress of(String phase) {
    return new ActivityProgress(phase, 0, 0, Map.of());
  }
}
