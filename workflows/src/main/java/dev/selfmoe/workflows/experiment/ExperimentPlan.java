package dev.selfmoe.workflows.experiment;

import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.Variant;
import dev.selfmoe.workflows.spec.VariantKind;

/** Which shared steps an experiment's variants need. */
public final class ExperimentPlan {
  private final ExperimentSpec spec;

  public ExperimentPlan(ExperimentSpec spec) {
    this.spec = spec;
  }

  /** Synthetic data and experts per domain: everything but the base model and seed-only runs needs them. */
  public boolean needsDomainExperts() {
    return spec.variants().stream().anyMatch(v -> v.kind() != VariantKind.BASE && v.kind() != VariantKind.SEED_ONLY);
  }

  public boolean needsSeedExperts() {
    return spec.variants().stream().map(Variant::kind).anyMatch(k -> k == VariantKind.SEED_ONLY);
  }

}
