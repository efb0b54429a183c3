package dev.selfmoe.workflows.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.selfmoe.workflows.spec.BenchmarkSpec;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipesTest {
  private static ExperimentSpec spec(String extra) {
    return SpecReader.experiment("name: r\nmodel: m.gguf\nseed: 3\n" + extra);
  }

  private static String expertKey(ExperimentSpec s, String domain) {
    return Recipes.adapter(s.model(), s.lora(), List.of(Recipes.syntheticData(s, domain).key())).key();
  }

  @Test
  void keysAreCanonicalHashes() {
    Recipe a = Recipe.of("k", Map.of("b", 1, "a", List.of("x")));
    Recipe b = Recipe.of("k", Map.of("a", List.of("x"), "b", 1));
    assertEquals(a.key(), b.key());
    assertEquals(Recipe.sha256(a.json()), a.key());
    assertEquals("{\"inputs\":{\"a\":[\"x\"],\"b\":1},\"kind\":\"k\",\"version\":1}", a.json());
  }

  @Test
  void upstreamChangesReachDownstreamKeysAndNothingElse() {
    ExperimentSpec s = spec("");
    assertEquals(expertKey(s, "math"), expertKey(spec("benchmarks: [{name: mmlu, limit: 5}]\nname: other\n"
        .replace("name: other\n", "")), "math"), "evaluation settings do not touch experts");
    assertNotEquals(expertKey(s, "math"), expertKey(spec("synthetic: {samples: 10}\n"), "math"));
    assertNotEquals(expertKey(s, "math"), expertKey(spec("lora: {rank: 4}\n"), "math"));
    assertNotEquals(expertKey(s, "math"), expertKey(s, "coding"));
    assertEquals(Recipes.syntheticData(s, "math").key(), Recipes.syntheticData(spec("lora: {rank: 4}\n"), "math").key());
    BenchmarkSpec mmlu = new BenchmarkSpec("mmlu", 10, 0, 0);
    assertNotEquals(Recipes.evaluation(s, List.of(), 0, mmlu, null).key(),
        Recipes.evaluation(s, List.of(), 0, mmlu, 1L).key(), "few-shot draws are distinct evaluations");
  }

  @Test
  void bbhEvaluationsDependOnTheReasoningSeedsTheyLeaveOut() {
    BenchmarkSpec bbh = new BenchmarkSpec("bbh", 10, -1, 0);
    assertNotEquals(Recipes.evaluation(spec(""), List.of(), 0, bbh, null).key(),
        Recipes.evaluation(spec("seeds: {count: 50}\n"), List.of(), 0, bbh, null).key());
    BenchmarkSpec mmlu = new BenchmarkSpec("mmlu", 10, -1, 0);
    assertEquals(Recipes.evaluation(spec(""), List.of(), 0, mmlu, null).key(),
        Recipes.evaluation(spec("seeds: {count: 50}\n"), List.of(), 0, mmlu, null).key());
  }

  @Test
  void whichVariantsABenchmarkScoresChangesTheExperimentNotItsEvaluations() {
    ExperimentSpec all = spec("variants: [base, experts]\nbenchmarks: [{name: mmlu, limit: 5}]\n");
    ExperimentSpec some = spec("variants: [base, experts]\nbenchmarks: [{name: mmlu, limit: 5, variants: [base]}]\n");
    assertEquals(Recipes.evaluation(all, List.of(), 0, all.benchmarks().get(0), null).key(),
        Recipes.evaluation(some, List.of(), 0, some.benchmarks().get(0), null).key());
    assertNotEquals(all.hash(), some.hash());
    // an unrestricted benchmark serialises as it did before the field existed, keeping earlier recipe keys
    assertFalse(Recipes.evaluation(all, List.of(), 0, all.benchmarks().get(0), null).json().contains("variants"));
  }

  @Test
  void specHashIgnoresTheNameOnly() {
    assertEquals((spec("").hash()),
        (SpecReader.experiment("name: renamed\nmodel: m.gguf\nseed: 3\n").hash()));
    assertNotEquals((spec("").hash()), (spec("draws: 2\n").hash()));
  }
}
