package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import io.temporal.activity.ActivityInterface;

/** Makes a domain's training data with the base model (the expensive self-specialization step). */
@ActivityInterface
public interface DataActivities {
  ArtifactRef synthesize(SynthesizeRequest request);
}
