package dev.selfmoe.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.eval.tasks.Gsm8k;
import dev.selfmoe.engine.eval.tasks.Gsm8kAnswers;
import dev.selfmoe.engine.eval.tasks.Mmlu;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Small real runs on SmolLM2-135M-Instruct: records must be well formed, not accurate. */
class SmolLm2EvaluationTest {
  private static LanguageModel lm;

  @BeforeAll
  static void load() {
    lm = ModelLoader.load(TestModels.smollm2());
  }

  @AfterAll
  static void close() throws Exception {
    lm.close();
  }

  @Test
  void mmluEightItems() {
    List<int[]> progress = new ArrayList<>();
    EvaluationResult r = new EvaluationRunner(lm).run(TestData.registry().get(Mmlu.NAME),
        EvalOptions.defaults().withLimit(8).withBatchSize(4), (done, total) -> progress.add(new int[] {done, total}));
    assertEquals("mmlu", r.name());
    assertEquals(8, r.n());
    assertEquals(8, r.items().size());
    for (ItemRecord i : r.items()) {
      assertTrue(Set.of("A", "B", "C", "D").contains(i.extracted()), i.extracted());
      assertTrue(Set.of("A", "B", "C", "D").contains(i.target()), i.target());
      assertEquals(i.extracted().equals(i.target()), i.correct());
      assertTrue(i.prompt().startsWith(Mmlu.description(i.group())));
      assertTrue(i.prompt().endsWith("\nAnswer:"));
    }
    double mean = r.items().stream().mapToDouble(ItemRecord::score).average().orElseThrow();
    assertEquals(mean, r.score(), 1e-12);
    assertTrue(r.ciLow() <= r.score() && r.score() <= r.ciHigh());
    assertEquals(List.of(0, 4, 8), progress.stream().map(p -> p[0]).toList());
    assertTrue(progress.stream().allMatch(p -> p[1] == 8));
  }

  @Test
  void gsm8kTwoItems() {
    EvaluationResult r = new EvaluationRunner(lm).run(TestData.registry().get(Gsm8k.NAME),
        EvalOptions.defaults().withLimit(2).withMaxNewTokens(16));
    assertEquals(2, r.n());
    for (ItemRecord i : r.items()) {
      assertTrue(i.prompt().endsWith("\nA:"));
      assertFalse(i.output().contains("Q:"), i.output());
      assertFalse(i.output().isBlank());
      assertEquals(Gsm8kAnswers.strict(i.output()), i.extracted());
      assertTrue(i.target().matches("-?[0-9]+"), i.target());
      assertTrue(i.metrics().containsKey(Gsm8k.FLEXIBLE));
    }
    assertTrue(r.subScores().containsKey(Gsm8k.FLEXIBLE));
  }

  @Test
  void theOlmoEvalSetsRunEndToEnd() {
    for (String name : List.of("hellaswag", "arc_easy", "arc_challenge", "winogrande", "piqa", "triviaqa")) {
      EvaluationResult r = new EvaluationRunner(lm).run(TestData.registry().get(name),
          EvalOptions.defaults().withLimit(4).withBatchSize(2).withMaxNewTokens(12));
      assertEquals(4, r.n(), name);
      for (ItemRecord i : r.items()) {
        assertFalse(i.prompt().isBlank(), name);
        assertEquals(i.extracted().equals(i.target()) || name.equals("triviaqa") && i.correct(), i.correct(), name);
        if (name.equals("triviaqa")) {
          assertFalse(i.output().contains("\n") || i.output().contains(","), i.output());
        }
      }
      assertTrue(r.ciLow() <= r.score() && r.score() <= r.ciHigh(), name);
      if (!name.equals("winogrande") && !name.equals("triviaqa")) {
        assertTrue(r.subScores().containsKey("acc_norm"), name + " " + r.subScores());
      }
    }
  }

  @Test
  void throughputIsPositive() {
    EvalThroughput.Result t = EvalThroughput.measure(lm, TestData.registry(), 2, 1, 4, 2);
    assertTrue(t.mmluItemsPerSecond() > 0 && Double.isFinite(t.mmluItemsPerSecond()), t.toString());
    assertTrue(t.gsm8kItemsPerSecond() > 0 && Double.isFinite(t.gsm8kItemsPerSecond()), t.toString());
  }
}
