package dev.selfmoe.workflows.experiment;

import dev.selfmoe.workflows.activity.ActivityStubs;
import dev.selfmoe.workflows.activity.MergeRequest;
import dev.selfmoe.workflows.activity.ModelVariantRef;
import dev.selfmoe.workflows.activity.TrainAdapterRequest;
import dev.selfmoe.workflows.activity.TrainMixtureRequest;
import dev.selfmoe.workflows.domain.DomainResult;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.Variant;
import java.util.List;
import java.util.Map;

/** Builds what each variant runs on the base model from the domains' data and experts (workflow code: no I/O). */
final class VariantModels {
  private final ExperimentSpec spec;
  private final String experimentId;
  private final ActivityStubs stubs;
  private final List<DomainResult> domains;
  private final List<DomainResult> seedDomains;

  VariantModels(ExperimentSpec spec, String experimentId, ActivityStubs stubs, Map<String, DomainResult> domains,
      Map<String, DomainResult> seedDomains) {
    this.spec = spec;
    this.experimentId = experimentId;
    this.stubs = stubs;
    this.domains = spec.domains().stream().map(domains::get).filter(d -> d != null).toList();
    this.seedDomains = spec.domains().stream().map(seedDomains::get).filter(d -> d != null).toList();
  }

  ModelVariantRef build(Variant v) {
    return switch (v.kind()) {
      case BASE -> ModelVariantRef.base();
      case EXPERT -> new ModelVariantRef(v.name(), v.kind(),
          domains.stream().filter(d -> d.domain().equals(v.domain())).findFirst().orElseThrow().expert(), 0);
      case INSTANCE_MERGING -> {
        List<ArtifactRef> data = domains.stream().map(DomainResult::data).toList();
        Recipe r = Recipes.adapter(spec.model(), spec.lora(), keys(data));
        yield new ModelVariantRef(v.name(), v.kind(), stubs.training.trainAdapter(
            new TrainAdapterRequest(r, experimentId, "instance-merging", spec.model(), data, spec.lora())), 0);
      }
      case TIES, DARE -> {
        String method = v.kind().name().toLowerCase();
        List<ArtifactRef> experts = experts(domains);
        Recipe r = Recipes.merged(spec, method, keys(experts));
        yield new ModelVariantRef(v.name(), v.kind(), stubs.training.mergeExperts(
            new MergeRequest(r, experimentId, "merged:" + method, spec.model(), method, experts, spec.merge())), 0);
      }
      case MIXSE -> mixture(v, domains, 0, false, false);
      case RANDOM_ROUTING -> mixture(v, domains, 0, false, true);
      case LAYERWISE_ROUTER -> mixture(v, domains, 0, true, false);
      case JOINT_TRAINING -> mixture(v, domains, domains.size(), false, false);
      case SEED_ONLY -> mixture(v, seedDomains, 0, false, false);
    };
  }

  private ModelVariantRef mixture(Variant v, List<DomainResult> from, int joint, boolean layerwise, boolean random) {
    List<ArtifactRef> experts = joint > 0 ? List.of() : experts(from);
    List<ArtifactRef> data = from.stream().map(DomainResult::data).toList();
    // The router is trained with the routing it will run with; mixse-all trains with every expert active.
    int trainTopK = v.topK();
    Recipe r = Recipes.mixture(spec, keys(experts), joint, keys(data), trainTopK, layerwise, random);
    List<String> names = from.stream().map(DomainResult::domain).toList();
    ArtifactRef mixture = stubs.training.trainMixture(new TrainMixtureRequest(r, experimentId, "mixture:" + v.name(),
        spec.model(), experts, names, joint, spec.lora(), data, spec.router(), trainTopK, layerwise, random));
    return new ModelVariantRef(v.name(), v.kind(), mixture, v.topK());
  }

  private static List<ArtifactRef> experts(List<DomainResult> from) {
    return from.stream().map(DomainResult::expert).toList();
  }

  private static List<String> keys(List<ArtifactRef> refs) {
    return refs.stream().map(ArtifactRef::recipeKey).toList();
  }
}
