package dev.selfmoe.workflows.experiment;

import java.util.List;

/** Where an experiment stands: its phase, steps finished of those planned, and the steps now running. */
public record ExperimentProgress(String phase, int done, int planned, List<String> running) {}
