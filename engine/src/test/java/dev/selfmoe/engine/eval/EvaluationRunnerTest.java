package dev.selfmoe.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.eval.tasks.Gsm8k;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationRunnerTest {

  private static ItemRecord item(String group, boolean correct) {
    return ItemRecord.exact(group + "/x", group, "p", "o", "e", "t", correct);
  }

  @Test
  void bbhScoreIsSizeWeightedWithTheTaskMeanAsMacro() {
    List<ItemRecord> records = List.of(item("a", true), item("a", true), item("a", true), item("b", false));
    EvaluationResult r = EvaluationRunner.summarize(TestData.registry().get("bbh"), records, EvalOptions.defaults());
    assertEquals(0.75, r.score(), 1e-12);
    assertEquals(0.5, r.subScores().get("macro"), 1e-12);
    assertEquals(1.0, r.subScores().get("group/a"));
    assertEquals(0.0, r.subScores().get("group/b"));
    assertEquals(4, r.n());
    // Tasks this small are resampled together, so the interval shows the spread of four items.
    assertTrue(r.ciLow() < 0.75 && 0.75 <= r.ciHigh() && r.ciHigh() - r.ciLow() > 0.3, r.ciLow() + ".." + r.ciHigh());
  }

  @Test
  void secondaryMetricsBecomeSubScores() {
    List<ItemRecord> records = new ArrayList<>();
    records.add(item("gsm8k", true).withMetrics(Map.of(Gsm8k.FLEXIBLE, 1.0)));
    records.add(item("gsm8k", false).withMetrics(Map.of(Gsm8k.FLEXIBLE, 1.0)));
    EvaluationResult r = EvaluationRunner.summarize(TestData.registry().get("gsm8k"), records, EvalOptions.defaults());
    assertEquals(0.5, r.score());
    assertEquals(1.0, r.subScores().get(Gsm8k.FLEXIBLE));
    assertTrue(r.subScores().keySet().stream().noneMatch(k -> k.startsWith("group/")));
    assertTrue(r.ciLow() <= 0.5 && 0.5 <= r.ciHigh());
  }
}
