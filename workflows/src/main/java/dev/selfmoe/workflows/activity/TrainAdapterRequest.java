package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.LoraSpec;
import java.util.List;

/** Train one LoRA adapter on the union of {@code data} (one domain for an expert, all for instance merging). */
public record TrainAdapterRequest(
    Recipe recipe, String experimentId, String role, String model, List<ArtifactRef> data, LoraSpec lora) {}
