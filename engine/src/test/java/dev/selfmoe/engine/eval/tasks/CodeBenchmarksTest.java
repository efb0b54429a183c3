package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.eval.BenchmarkRegistry;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.code.PythonSandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HumanEval and MBPP as registry benchmarks: prompts, and judging through the sandbox on reference solutions. */
class CodeBenchmarksTest {
  static final BenchmarkRegistry REGISTRY = new BenchmarkRegistry(TestModels.shared().resolve("data"));

  @Test
  void humanEvalJudgesTheReferenceAsPassingAndAStubAsFailing() {
    HumanEval b = (HumanEval) REGISTRY.get(HumanEval.NAME);
    assertEquals(164, b.docs().size());
    List<HumanEval.Problem> some = b.select(EvalOptions.defaults().withLimit(3));
    for (HumanEval.Problem p : some) {
      String prompt = b.prompt(p, 0, EvalOptions.defaults());
      assertEquals(p.problem().prompt(), prompt);
      ItemRecord good = b.judge(p, prompt, p.problem().canonicalSolution());
      assertTrue(good.correct(), p.id());
      ItemRecord bad = b.judge(p, prompt, "    return None\n");
      assertFalse(bad.correct(), p.id());
    }
  }

  @Test
  void mbppJudgesTheReferenceAsPassing() {
    Mbpp b = (Mbpp) REGISTRY.get(Mbpp.NAME);
    assertEquals(500, b.docs().size());
    Mbpp.Problem p = b.select(EvalOptions.defaults().withLimit(1)).get(0);
    String prompt = b.prompt(p, 3, EvalOptions.defaults());
    assertTrue(prompt.endsWith("[BEGIN]\n"), prompt);
    assertEquals(4, prompt.split("You are an expert Python programmer", -1).length - 1);
    // Fewer shots take the first exemplars; none leaves the task alone.
    String one = b.prompt(p, 1, EvalOptions.defaults());
    assertEquals(2, one.split("You are an expert Python programmer", -1).length - 1);
    assertTrue(prompt.startsWith(one.substring(0, one.indexOf("[DONE]"))), one);
    assertEquals(1, b.prompt(p, 0, EvalOptions.defaults()).split("You are an expert", -1).length - 1);
    ItemRecord passed = b.judge(p, prompt, p.problem().code() + "\n");
    assertTrue(passed.correct(), p.id());
    assertEquals(new PythonSandbox().networkIsolated() ? 1.0 : 0.0, passed.metrics().get(PythonSandbox.ISOLATION_METRIC));
    assertFalse(b.judge(p, prompt, "def nothing():\n    pass\n").correct(), p.id());
  }

  @Test
  void generationBudgetsAreLmEvaluationHarnessDefaults() {
    assertEquals(1024, ((HumanEval) REGISTRY.get(HumanEval.NAME)).defaultMaxNewTokens());
    assertEquals(256, ((Mbpp) REGISTRY.get(Mbpp.NAME)).defaultMaxNewTokens());
  }
}
