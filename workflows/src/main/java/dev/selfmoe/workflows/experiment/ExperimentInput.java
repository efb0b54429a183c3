package dev.selfmoe.workflows.experiment;

import dev.selfmoe.workflows.spec.ExperimentSpec;

/** An experiment to run; {@code sweepId} and {@code cellLabel} are null outside a sweep. */
public record ExperimentInput(ExperimentSpec spec, String sweepId, String cellLabel) {}
