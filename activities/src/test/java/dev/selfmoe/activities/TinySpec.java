package dev.selfmoe.activities;

import dev.selfmoe.workflows.activity.MergeRequest;
import dev.selfmoe.workflows.activity.SynthesizeRequest;
import dev.selfmoe.workflows.activity.TrainAdapterRequest;
import dev.selfmoe.workflows.activity.TrainMixtureRequest;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * An experiment spec scaled down to stories260K and seconds of work, and the requests its workflows would send,
 * built the way the workflows build them.
 */
public final class TinySpec {
  private TinySpec() {}

  /** {@code seed} varies every recipe, so a test can ask for work nobody has done yet. */
  public static ExperimentSpec spec(long seed) {
    return spec(seed, "{count: 12, draw_seed: 5}");
  }

  /**
   * The spec with our own short seed files (test resources): seed-only data from them trains in a few steps within
   * stories260K's reach, where the benchmarks' seeds are hundreds of tokens long.
   */
  public static ExperimentSpec withShortSeeds(long seed) {
    return spec(seed, "{files: {math: %s, knowledge: %s}}".formatted(resource("seeds/math.jsonl"),
        resource("seeds/knowledge.jsonl")));
  }

  private static Path resource(String name) {
    try {
      return Path.of(TinySpec.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ExperimentSpec spec(long seed, String seeds) {
    return SpecReader.experiment("""
        name: activities-test
        model: %s
        data: %s
        seed: %d
        domains: [math, knowledge]
        seeds: %s
        synthetic: {samples: 3, max_rounds: 4, brainstorm_tokens: 16, response_tokens: 16, batch_size: 4,
                    format_checks: false}
        lora: {rank: 2, alpha: 4, learning_rate: 0.01, epochs: 1, batch_size: 2, micro_batch_size: 2,
               max_length: 128, max_steps: 4, checkpoint_every: 2, seed: 7}
        router: {top_k: 1, learning_rate: 0.01, epochs: 1, batch_size: 2, micro_batch_size: 2, max_length: 128,
                 max_steps: 3, checkpoint_every: 2, seed: 3}
        merge: {ties_density: 0.5, dare_drop: 0.3, seed: 1}
        variants: [base, experts, ties, dare, mixse-top1, random-routing, joint-training]
        benchmarks: [{name: mmlu, limit: 4}]
        eval_batch_size: 4
        """.formatted(TestWorker.stories260k(), TestWorker.shared().resolve("data"), seed, seeds));
  }

  public static SynthesizeRequest synthesize(ExperimentSpec s, String experimentId, String domain, boolean seedsOnly) {
    Recipe recipe = seedsOnly ? Recipes.seedData(s, domain) : Recipes.syntheticData(s, domain);
    return new SynthesizeRequest(recipe, experimentId, s.model(), s.data(), domain, s.seeds(), s.synthetic(),
        s.seed(), seedsOnly);
  }

  public static TrainAdapterRequest adapter(ExperimentSpec s, String experimentId, String role,
      List<ArtifactRef> data) {
    Recipe recipe = Recipes.adapter(s.model(), s.lora(), keys(data));
    return new TrainAdapterRequest(recipe, experimentId, role, s.model(), data, s.lora());
  }

  public static TrainMixtureRequest mixture(ExperimentSpec s, String experimentId, List<ArtifactRef> experts,
      List<String> names, int joint, List<ArtifactRef> data, int topK, boolean random) {
    Recipe recipe = Recipes.mixture(s, keys(experts), joint, keys(data), topK, false, random);
    return new TrainMixtureRequest(recipe, experimentId, "mixture", s.model(), experts, names, joint, s.lora(), data,
        s.router(), topK, false, random);
  }

  public static MergeRequest merge(ExperimentSpec s, String experimentId, String method, List<ArtifactRef> experts) {
    Recipe recipe = Recipes.merged(s, method, keys(experts));
    return new MergeRequest(recipe, experimentId, "merged:" + method, s.model(), method, experts, s.merge());
  }

  public static List<String> keys(List<ArtifactRef> refs) {
    return refs.stream().map(ArtifactRef::recipeKey).toList();
  }
}
