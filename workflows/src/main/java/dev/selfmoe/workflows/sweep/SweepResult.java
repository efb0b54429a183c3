package dev.selfmoe.workflows.sweep;

import dev.selfmoe.workflows.experiment.ExperimentResult;
import java.util.List;

/** Each cell's experiment result, in cell order. */
public record SweepResult(String sweepId, List<String> cellLabels, List<ExperimentResult> cells) {}
