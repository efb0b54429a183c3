package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import io.temporal.activity.ActivityInterface;

/** Trains adapters and routers and merges experts; each resumes from its own checkpoint when retried. */
@ActivityInterface
public interface TrainingActivities {
  ArtifactRef trainAdapter(TrainAdapterRequest request);

  ArtifactRef trainMixture(TrainMixtureRequest request);

  ArtifactRef mergeExperts(MergeRequest request);
}
