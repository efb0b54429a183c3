package dev.selfmoe.workflows.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Workflow-local progress bookkeeping, answered through the progress query. */
final class StepTracker {
  private final Set<String> running = new LinkedHashSet<>();
  private String phase = "starting";
  private int done;
  private int planned;

  void phase(String name, int moreSteps) {
    phase = name;
    planned += moreSteps;
  }

  void started(String step) {
    running.add(step);
  }

  void finished(String step) {
    running.remove(step);
    done++;
  }

  ExperimentProgress snapshot() {
    return new ExperimentProgress(phase, done, planned, List.copyOf(new ArrayList<>(running)));
  }
}
