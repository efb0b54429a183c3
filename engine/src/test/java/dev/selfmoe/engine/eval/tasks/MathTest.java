package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.TestData;
import org.junit.jupiter.api.Test;

class MathTest {

  @Test
  void extractsTheFinalAnswerSentence() {
    assertEquals("$5$", MinervaAnswers.extract("So x=5.\nFinal Answer: The final answer is $5$. I hope it is correct."));
    // The sentence end is appended before matching, so a cut-off output still counts.
    assertEquals("$5$", MinervaAnswers.extract("Final Answer: The final answer is $5$. "));
    assertEquals(MinervaAnswers.INVALID, MinervaAnswers.extract("The answer is 5."));
  }

  @Test
  void goldIsTheLastBoxedArgument() {
    assertEquals("\\dfrac{9}{7}", MinervaAnswers.gold("first $\\boxed{1}$, then $1+\\dfrac{2}{7}=\\boxed{\\dfrac{9}{7}}$."));
    assertEquals("5", MinervaAnswers.gold("so it is $\\boxed 5$."));
    assertEquals("x", MinervaAnswers.gold("\\fbox{x}"));
    assertNull(MinervaAnswers.gold("no box"));
  }

  @Test
  void normalisationFollowsAppendixD() {
    assertEquals("10", MinervaAnswers.normalize("x = 10 \\text{ inches}"));
    assertEquals("\\frac{1}{2}", MinervaAnswers.normalize("\\frac12"));
    assertEquals("\\sqrt{2}", MinervaAnswers.normalize("$\\sqrt2$"));
    assertEquals("100000", MinervaAnswers.normalize("100,000"));
    assertEquals("(1,2)", MinervaAnswers.normalize("(1, 2)"));
    assertEquals("5", MinervaAnswers.normalize("$5$ and $6$"));
    assertEquals("90", MinervaAnswers.normalize("90^\\circ"));
    assertEquals("(A)", MinervaAnswers.normalize("\\text{(A)}"));
    assertEquals("cat", MinervaAnswers.normalize("a cat"));
    assertEquals("12", MinervaAnswers.normalize("\\$12"));
  }

  @Test
  void equivalenceComparesNormalisedStrings() {
    String gold = MinervaAnswers.normalize(MinervaAnswers.gold("$\\boxed{\\frac{1}{2}}$"));
    assertTrue(MinervaAnswers.equivalent("$\\frac{1}{2}$", gold));
    assertTrue(MinervaAnswers.equivalent("$\\frac12$", gold));
    assertFalse(MinervaAnswers.equivalent("$0.5$", gold));
    assertFalse(MinervaAnswers.equivalent(MinervaAnswers.INVALID, gold));
  }

  @Test
  void promptIsFourMinervaExemplarsThenTheProblem() {
    MathBench m = (MathBench) TestData.registry().get("math");
    MathBench.Problem p = m.docs().get(0);
    assertEquals("2", p.answer());
    assertEquals("Algebra", p.group());
    String prompt = m.prompt(p, 4, EvalOptions.defaults());
    assertTrue(prompt.startsWith("Problem:\nFind the domain of the expression  $\\frac{\\sqrt{x-2}}{\\sqrt{5-x}}$.}"
        + "\n\nSolution: The expressions inside each square root must be non-negative."), prompt);
    assertTrue(prompt.endsWith("I hope it is correct.\n\nProblem:\n" + p.problem() + "\n\nSolution:"));
    assertEquals(5, prompt.split("Problem:\n", -1).length - 1);
    assertTrue(m.judge(p, prompt, " x=2.\nFinal Answer: The final answer is $2$. I hope it is correct.").correct());
  }
}
