package dev.selfmoe.workflows.domain;

import dev.selfmoe.workflows.spec.ExperimentSpec;

/** One domain of an experiment; {@code seedsOnly} trains its expert on the seeds alone (Table 8). */
public record DomainInput(String experimentId, ExperimentSpec spec, String domain, boolean seedsOnly) {}
