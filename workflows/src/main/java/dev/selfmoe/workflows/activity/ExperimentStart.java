package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.spec.ExperimentSpec;

/** Registers an experiment (its workflow id) with its spec; {@code sweepId}/{@code cellLabel} null outside sweeps. */
public record ExperimentStart(String experimentId, ExperimentSpec spec, String specHash, String sweepId,
    String cellLabel) {}
