package dev.selfmoe.engine.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MbppTaskTest {
  private static final MbppProblem SQUARE = new MbppProblem(99, "Write a function to square a number.",
      "def sq(x):\r\n  return x * x", "", List.of("assert sq(2) == 4", "assert sq(3) == 9", "assert sq(0) == 0"),
      List.of());

  private static List<MbppProblem> all() {
    return MbppSet.load(MbppSet.defaultFile(TestModels.shared()));
  }

  @Test
  void splitsByTaskId() {
    List<MbppProblem> all = all();
    assertEquals(974, all.size());
    assertEquals(10, MbppSet.split(all, MbppSet.Split.PROMPT).size());
    assertEquals(500, MbppSet.split(all, MbppSet.Split.TEST).size());
    assertEquals(90, MbppSet.split(all, MbppSet.Split.VALIDATION).size());
    assertEquals(374, MbppSet.split(all, MbppSet.Split.TRAIN).size());
  }

  @Test
  void threeShotPromptAsTheHarnessBuildsIt() {
    MbppProblem ex = new MbppProblem(2, "Do A.", "def a():\r\n  return 1", "",
        List.of("assert a() == 1", "assert a() != 2", "assert a() > 0"), List.of());
    String prompt = new MbppTask(List.of(ex)).prompt(SQUARE);
    assertEquals("You are an expert Python programmer, and here is your task: Do A. Your code should pass these"
        + " tests:\n\nassert a() == 1\nassert a() != 2\nassert a() > 0\n[BEGIN]\ndef a():\r\n  return 1\n[DONE]\n\n"
        + "You are an expert Python programmer, and here is your task: Write a function to square a number. Your"
        + " code should pass these tests:\n\nassert sq(2) == 4\nassert sq(3) == 9\nassert sq(0) == 0\n[BEGIN]\n",
        prompt);
    String standard = MbppTask.standard(all()).prompt(SQUARE);
    assertTrue(standard.startsWith("You are an expert Python programmer, and here is your task: Write a function"
        + " to find the similar elements from the given two tuple lists."), standard);
    assertEquals(5, standard.split("\\[BEGIN\\]\n", -1).length, "3 exemplars + the task");
  }

  @Test
  void completionIsCutAtDoneAndFollowedByTheAssertsAlone() {
    assertEquals("def sq(x):\n  return x * x\n", MbppTask.postprocess("def sq(x):\n  return x * x\n[DONE]\n\nYou are"));
    MbppProblem withSetup = new MbppProblem(1, "t", "", "import math",
        List.of("assert f() == 1", "assert f() > 0", "assert f() < 2"), List.of());
    // lm-evaluation-harness's reference is the three asserts; test_setup_code is not part of the program.
    assertEquals("def f(): return 1\nassert f() == 1\nassert f() > 0\nassert f() < 2\n",
        MbppTask.program(withSetup, "def f(): return 1[DONE]junk"));
  }

  /**
   * Reference solutions of the test split, run as completions. Excluded: 123 (sum of amicable numbers below 9999),
   * whose brute-force reference is correct but takes longer than the harnesses' 3 s, so it times out there too; 367,
   * whose asserts use trees built by its test_setup_code, which the harness leaves out of the program.
   */
  @Test
  void referenceSolutionsOfTheTestSplitPass() {
    List<MbppProblem> test = MbppSet.split(all(), MbppSet.Split.TEST);
    Set<Integer> knownBroken = Set.of(123, 367);
    List<MbppProblem> run = test.stream().filter(p -> !knownBroken.contains(p.taskId())).toList();
    PythonSandbox sandbox = new PythonSandbox();
    long t0 = System.nanoTime();
    CodeScore score = MbppTask.score(sandbox, run, run.stream().map(p -> p.code() + "\n[DONE]").toList(), 2);
    System.out.printf("MBPP test references: %d/%d in %.1f s%n", score.passed(), run.size(),
        (System.nanoTime() - t0) / 1e9);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < run.size(); i++) {
      if (!score.results().get(i).passed()) {
        failed.add(run.get(i).taskId() + " " + score.results().get(i).stderrTail().strip().lines()
            .reduce((a, b) -> b).orElse("") + (score.results().get(i).timedOut() ? " (timeout)" : ""));
      }
    }
    assertEquals(List.of(), failed);
    List<String> wrong = List.of("def sq(x):\n  return x + x\n");
    assertEquals(0, MbppTask.score(sandbox, List.of(SQUARE), wrong, 1).passed());
    MbppProblem needsSetup = MbppSet.byId(test, 367);
    assertEquals(0, MbppTask.score(sandbox, List.of(needsSetup), List.of(needsSetup.code()), 1).passed());
  }
}
