package dev.selfmoe.activities.training;

import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.workflows.activity.MergeRequest;
import dev.selfmoe.workflows.activity.TrainAdapterRequest;
import dev.selfmoe.workflows.activity.TrainMixtureRequest;
import dev.selfmoe.workflows.activity.TrainingActivities;
import dev.selfmoe.workflows.recipe.ArtifactRef;

/** Experts, compositions and merges; each is found in the store by its recipe before any work is done. */
public final class TrainingActivitiesImpl implements TrainingActivities {
  private final AdapterTraining adapters;
  private final MixtureTraining mixtures;
  private final ExpertMerging merges;

  public TrainingActivitiesImpl(WorkerResources resources) {
    this.adapters = new AdapterTraining(resources);
    this.mixtures = new MixtureTraining(resources);
    this.merges = new ExpertMerging(resources);
  }

  @Override
  public ArtifactRef trainAdapter(TrainAdapterRequest request) {
    return adapters.run(request);
  }

  @Override
  public ArtifactRef trainMixture(TrainMixtureRequest request) {
    return mixtures.run(request);
  }

  @Override
  public ArtifactRef mergeExperts(MergeRequest request) {
    return merges.run(request);
  }
}
