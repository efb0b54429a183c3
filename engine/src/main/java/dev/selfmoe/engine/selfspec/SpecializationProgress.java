package dev.selfmoe.engine.selfspec;

import java.util.Map;

/** The state of a run after a round: items kept, items dropped per reason, the target and the rounds done. */
public record SpecializationProgress(int roundsDone, int kept, Map<DropReason, Integer> dropped, int target) {
  public SpecializationProgress {
    dropped = Map.copyOf(dropped);
  }

  public int droppedTotal() {
    return dropped.values().stream().mapToInt(Integer::intValue).sum();
  }
}
