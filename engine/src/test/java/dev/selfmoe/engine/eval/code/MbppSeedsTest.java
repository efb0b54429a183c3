package dev.selfmoe.engine.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.selfmoe.engine.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MbppSeedsTest {
  @Test
  void reshapesIntoSignatureDocstringAndBody() {
    MbppProblem item = new MbppProblem(700, "Write a function to add two numbers.",
        "import math\r\ndef add(a, b):\r\n\treturn a + b", "",
        List.of("assert add(1, 2) == 3", "assert add(0, 0) == 0", "assert set(add(1, 1) for _ in 'x') == {2}"),
        List.of());
    HumanEvalProblem p = MbppSeeds.humanEvalStyle(item);
    assertEquals("MBPP/700", p.taskId());
    assertEquals("add", p.entryPoint());
    assertEquals("import math\ndef add(a, b):\n\t\"\"\" Write a function to add two numbers.\n\t>>> add(1, 2)\n\t3\n"
        + "\t\"\"\"\n", p.prompt());
    assertEquals("\treturn a + b\n", p.canonicalSolution());
    assertEquals("\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(0, 0) == 0\n"
        + "    assert set(candidate(1, 1) for _ in 'x') == {2}\n", p.test());
  }

  /** Every training seed's reference body, put back under its prompt, passes its own check. */
  @Test
  void trainSeedsRunAsHumanEvalProblems() {
    List<MbppProblem> train = MbppSet.split(MbppSet.load(MbppSet.defaultFile(TestModels.shared())),
        MbppSet.Split.TRAIN);
    List<HumanEvalProblem> seeds = train.stream().map(MbppSeeds::humanEvalStyle).toList();
    CodeScore score = HumanEvalTask.score(new PythonSandbox(), seeds,
        seeds.stream().map(HumanEvalProblem::canonicalSolution).toList(), 2);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      if (!score.results().get(i).passed()) {
        failed.add(seeds.get(i).taskId() + " " + score.results().get(i).stderrTail().strip().lines()
            .reduce((a, b) -> b).orElse(""));
      }
    }
    System.out.println("MBPP train seeds: " + score.passed() + "/" + seeds.size());
    assertEquals(List.of(), failed);
  }
}
