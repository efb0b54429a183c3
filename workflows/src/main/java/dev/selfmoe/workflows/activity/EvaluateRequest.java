package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.BenchmarkSpec;
import dev.selfmoe.workflows.spec.SeedSpec;

/**
 * Score one variant on one benchmark; {@code draw} numbers the few-shot draw (0 is the harness's fixed few-shot
 * examples, {@code fewShotSeed} null), {@code data} the benchmark data root (null: the worker's default). {@code
 * reasoningSeeds} (null when reasoning is not a domain) are the seeds drawn from BBH, left out when scoring BBH.
 */
public record EvaluateRequest(
    Recipe recipe, String experimentId, ModelVariantRef variant, String model, String data, BenchmarkSpec benchmark,
    int draw, Long fewShotSeed, int batchSize, SeedSpec reasoningSeeds) {}
