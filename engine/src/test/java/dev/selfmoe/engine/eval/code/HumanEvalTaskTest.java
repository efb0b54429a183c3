package dev.selfmoe.engine.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumanEvalTaskTest {
  private static final HumanEvalProblem ADD = new HumanEvalProblem("T/0",
      "def add(a, b):\n    \"\"\"Sum.\"\"\"\n", "    return a + b\n",
      "def check(candidate):\n    assert candidate(2, 3) == 5\n", "add");

  @Test
  void cutsAtTheEarliestStopSequence() {
    assertEquals("    return a + b\n", HumanEvalTask.postprocess("    return a + b\n\ndef extra():\n    pass"));
    assertEquals("    x = 1", HumanEvalTask.postprocess("    x = 1\nprint(x)\n#c\nclass A: pass"));
    assertEquals("    return 1\n", HumanEvalTask.postprocess("    return 1\n\nif __name__ == '__main__':\n  f()"));
    assertEquals("    return 1", HumanEvalTask.postprocess("    return 1\n# done"));
    // Indented defs and comments are inside the function, not stops.
    assertEquals("    def h():\n        # c\n        return 2\n    return h()",
        HumanEvalTask.postprocess("    def h():\n        # c\n        return 2\n    return h()"));
  }

  @Test
  void assemblesPromptCompletionTestAndCheck() {
    assertEquals("def add(a, b):\n    \"\"\"Sum.\"\"\"\n    return a + b\n\n"
            + "def check(candidate):\n    assert candidate(2, 3) == 5\n\ncheck(add)\n",
        HumanEvalTask.program(ADD, "    return a + b\n\ndef junk(): pass"));
    assertEquals(ADD.prompt(), HumanEvalTask.prompt(ADD));
  }

  @Test
  void canonicalSolutionsPassAndWrongOnesFail() {
    List<HumanEvalProblem> problems = HumanEvalSet.load(HumanEvalSet.defaultFile(TestModels.shared()));
    assertEquals(164, problems.size());
    assertEquals("HumanEval/163", problems.get(163).taskId());
    PythonSandbox sandbox = new PythonSandbox();
    long t0 = System.nanoTime();
    CodeScore score = HumanEvalTask.score(sandbox, problems,
        problems.stream().map(HumanEvalProblem::canonicalSolution).toList(), 2);
    System.out.printf("HumanEval canonical: %d/164 in %.1f s%n", score.passed(), (System.nanoTime() - t0) / 1e9);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      if (!score.results().get(i).passed()) {
        failed.add(problems.get(i).taskId() + ": " + score.results().get(i));
      }
    }
    assertEquals(List.of(), failed);
    assertEquals(1.0, score.passAt1());

    CodeScore wrong = HumanEvalTask.score(sandbox, problems.subList(0, 3),
        List.of("    return None\n", "    return []\n", "    return 0\n"), 2);
    assertEquals(0, wrong.passed());
    CodeScore add = HumanEvalTask.score(sandbox, List.of(ADD, ADD), List.of("    return a + b\n", "    return a - b\n"), 2);
    assertEquals(List.of(true, false), add.results().stream().map(SandboxResult::passed).toList());
    assertEquals(0.5, add.passAt1());
  }

  @Test
  void passAtKIsTheUnbiasedEstimator() {
    assertEquals(0.5, CodeScore.passAtK(10, 5, 1), 1e-12);
    assertEquals(1.0, CodeScore.passAtK(10, 5, 6), 1e-12);
    assertEquals(1 - (5.0 * 4) / (10 * 9), CodeScore.passAtK(10, 5, 2), 1e-12);
  }
}
