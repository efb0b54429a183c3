package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.SeedSpec;
import dev.selfmoe.workflows.spec.SyntheticSpec;

/**
 * Make one domain's data: self-specialization, or ({@code seedsOnly}) the drawn seeds themselves as training data.
 * {@code data} is the benchmark data root (null: the worker's default).
 */
public record SynthesizeRequest(
    Recipe recipe, String experimentId, String model, String data, String domain, SeedSpec seeds,
    SyntheticSpec synthetic, long seed, boolean seedsOnly) {}
