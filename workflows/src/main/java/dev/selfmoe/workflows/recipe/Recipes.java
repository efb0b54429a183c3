package dev.selfmoe.workflows.recipe;

import dev.selfmoe.workflows.spec.BenchmarkSpec;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.LoraSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe of each artifact an experiment makes. A recipe names its inputs by their recipe keys, so a change
 * anywhere upstream (more samples, another seed) gives every downstream artifact a new key.
 */
public final class Recipes {
  private Recipes() {}

  public static Recipe syntheticData(ExperimentSpec s, String domain) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", s.model());
    in.put("domain", domain);
    in.put("seeds", seedInputs(s, domain));
    in.put("synthetic", s.synthetic());
    in.put("seed", s.seed());
    return Recipe.of(ArtifactKinds.SYNTHETIC_DATA, in);
  }

  /** The seeds themselves as training data (Table 8's seed-only experts). */
  public static Recipe seedData(ExperimentSpec s, String domain) {
    return Recipe.of(ArtifactKinds.SEED_DATA, Map.of("domain", domain, "seeds", seedInputs(s, domain)));
  }

  public static Recipe adapter(String model, LoraSpec lora, List<String> dataKeys) {
    return Recipe.of(ArtifactKinds.ADAPTER, Map.of("model", model, "lora", lora, "data", dataKeys));
  }

  public static Recipe mixture(ExperimentSpec s, List<String> expertKeys, int jointExperts, List<String> dataKeys,
      int topK, boolean layerwise, boolean random) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", s.model());
    in.put("experts", expertKeys);
    in.put("joint_experts", jointExperts);
    in.put("data", random ? List.of() : dataKeys);
    in.put("router", random ? Map.of("seed", s.router().training().seed()) : s.router());
    in.put("top_k", topK);
    in.put("layerwise", layerwise);
    in.put("random", random);
    if (jointExperts > 0) {
      in.put("lora", s.lora());
    }
    return Recipe.of(ArtifactKinds.MIXTURE, in);
  }

  public static Recipe merged(ExperimentSpec s, String method, List<String> expertKeys) {
    return Recipe.of(ArtifactKinds.MERGED,
        Map.of("model", s.model(), "method", method, "merge", s.merge(), "experts", expertKeys));
  }

  /** {@code modelKeys} are the recipe keys of what runs on the base model (none for the base model itself). */
  public static Recipe evaluation(ExperimentSpec s, List<String> modelKeys, int topK, BenchmarkSpec b,
      Long fewShotSeed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", s.model());
    in.put("on_top", modelKeys);
    in.put("top_k", topK);
    in.put("benchmark", b.forEachVariant());
    in.put("few_shot_seed", fewShotSeed == null ? "default" : fewShotSeed);
    in.put("data", s.data() == null ? "default" : s.data());
    if (b.name().equals("bbh") && s.domains().contains("reasoning")) {
      in.put("excluded_reasoning_seeds", seedInputs(s, "reasoning"));
    }
    return Recipe.of(ArtifactKinds.EVALUATION, in);
  }

  public static Recipe routingAnalysis(List<String> evaluationKeys) {
    return Recipe.of(ArtifactKinds.ROUTING_ANALYSIS, Map.of("evaluations", evaluationKeys));
  }

  private static Map<String, Object> seedInputs(ExperimentSpec s, String domain) {
    String file = s.seeds().files().get(domain);
    if (file != null) {
      return Map.of("file", file);
    }
    return Map.of("count", s.seeds().count(), "draw_seed", s.seeds().drawSeed(),
        "data", s.data() == null ? "default" : s.data());
  }
}
