package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.LoraSpec;
import dev.selfmoe.workflows.spec.RouterSpec;
import java.util.List;

/**
 * Compose experts under a router. The router is trained on {@code data} with experts and base frozen, unless {@code
 * random} (no training: seeded random top-k routing) or {@code jointExperts > 0} (that many fresh experts trained
 * together with the router, initialised from {@code lora}). {@code topK} 0 routes to all experts.
 */
public record TrainMixtureRequest(
    Recipe recipe, String experimentId, String role, String model, List<ArtifactRef> experts, List<String> expertNames,
    int jointExperts, LoraSpec lora, List<ArtifactRef> data, RouterSpec router, int topK, boolean layerwise,
    boolean random) {}
