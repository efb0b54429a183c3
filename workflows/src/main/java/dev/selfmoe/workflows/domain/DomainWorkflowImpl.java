package dev.selfmoe.workflows.domain;

import dev.selfmoe.workflows.activity.ActivityStubs;
import dev.selfmoe.workflows.activity.SynthesizeRequest;
import dev.selfmoe.workflows.activity.TrainAdapterRequest;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import java.util.List;

public final class DomainWorkflowImpl implements DomainWorkflow {
  @Override
  public DomainResult run(DomainInput in) {
    ExperimentSpec s = in.spec();
    ActivityStubs stubs = new ActivityStubs(s.queues());
    Recipe dataRecipe = in.seedsOnly() ? Recipes.seedData(s, in.domain()) : Recipes.syntheticData(s, in.domain());
    ArtifactRef data = stubs.data.synthesize(new SynthesizeRequest(dataRecipe, in.experimentId(), s.model(), s.data(),
        in.domain(), s.seeds(), s.synthetic(), s.seed(), in.seedsOnly()));
    Recipe expertRecipe = Recipes.adapter(s.model(), s.lora(), List.of(data.recipeKey()));
    String role = (in.seedsOnly() ? "seed-expert:" : "expert:") + in.domain();
    ArtifactRef expert = stubs.training.trainAdapter(
        new TrainAdapterRequest(expertRecipe, in.experimentId(), role, s.model(), List.of(data), s.lora()));
    return new DomainResult(in.domain(), data, expert);
  }
}
