package dev.selfmoe.workflows.experiment;

import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.Variant;
import dev.selfmoe.workflows.spec.VariantKind;
import java.util.Map;

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

  /** A spec's identity apart from its name: two runs with equal hashes compute the same things. */
  public static String specHash(ExperimentSpec spec) {
    ExperimentSpec unnamed = new ExperimentSpec("-", spec.model(), spec.data(), spec.seed(), spec.domains(),
        spec.seeds(), spec.synthetic(), spec.lora(), spec.router(), spec.merge(), spec.variants(), spec.benchmarks(),
        spec.draws(), spec.evalBatchSize(), spec.queues());
    return Recipe.of("experiment", Map.of("spec", unnamed)).key();
  }
}
