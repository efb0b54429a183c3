package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void answersAreEqualWhenSympySimplifiesTheirDifferenceToZero() {
    List<LatexEquivalence.Verdict> v = LatexEquivalence.standard().compare(List.of(
        pair("\\frac{1}{2}", "0.5"),
        pair("2\\sqrt{2}", "\\sqrt{8}"),
        pair("x+1", "1+x"),
        pair("0.6", "0.5"),
        pair("(1,2)", "(1,2)")));
    assertTrue(v.get(0).equal(), v.get(0).why());
    assertTrue(v.get(1).equal(), v.get(1).why());
    assertTrue(v.get(2).equal(), v.get(2).why());
    assertFalse(v.get(3).equal());
    assertEquals("", v.get(3).why());
    // The harness's parser cannot read a tuple, so even identical text is a miss.
    assertFalse(v.get(4).equal());
    assertTrue(v.get(4).why().startsWith("parse failed"), v.get(4).why());
  }

  @Test
  void aComparisonPastItsTimeLimitIsAMiss() {
    String python = LatexEquivalence.standard().python();
    String[] slow = pair("\\frac{x^{12}-1}{x-1}", "x^{11}+x^{10}+x^9+x^8+x^7+x^6+x^5+x^4+x^3+x^2+x+1");
    assertTrue(new LatexEquivalence(python, 5).compare(List.<String[]>of(slow)).get(0).equal());
    LatexEquivalence.Verdict rushed = new LatexEquivalence(python, 0.001).compare(List.<String[]>of(slow)).get(0);
    assertFalse(rushed.equal());
    assertTrue(rushed.why().startsWith("timed out"), rushed.why());
  }

  @Test
  void aPythonWithoutSympyFailsNamingTheInterpreterAndTheFix(@TempDir Path dir) throws Exception {
    Path bare = dir.resolve("bare-python");
    Files.writeString(bare, "#!/bin/sh\nexec python3 -S \"$@\"\n");
    bare.toFile().setExecutable(true);
    EngineException e = assertThrows(EngineException.class,
        () -> new LatexEquivalence(bare.toString(), 5).requireAvailable());
    assertTrue(e.getMessage().contains(bare.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("sympy") && e.getMessage().contains("scripts/install-math-python.sh"),
        e.getMessage());
    EngineException missing = assertThrows(EngineException.class,
        () -> new LatexEquivalence(dir.resolve("absent").toString(), 5).compare(List.of()));
    assertTrue(missing.getMessage().contains("cannot start"), missing.getMessage());
  }

  @Test
  void theInterpreterIsTheSettingThenTheCachedVenvThenPython3(@TempDir Path dir) throws Exception {
    assertEquals("/opt/py", LatexEquivalence.interpreter(Map.of(LatexEquivalence.SETTING, "/opt/py"), "/home/u"));
    assertEquals("python3", LatexEquivalence.interpreter(Map.of("SELFMOE_CACHE", dir.toString()), "/home/u"));
    Path venvPython = Files.createDirectories(dir.resolve("math-python/bin")).resolve("python");
    Files.writeString(venvPython, "");
    venvPython.toFile().setExecutable(true);
    assertEquals(venvPython.toString(),
        LatexEquivalence.interpreter(Map.of("SELFMOE_CACHE", dir.toString()), "/home/u"));
  }

  @Test
  void judgingCreditsEquivalentFormsAndReportsTheStringMatchBeside() {
    MathBench m = (MathBench) TestData.registry().get("math");
    MathBench.Problem p = m.docs().get(0);
    assertEquals("2", p.answer());
    ItemRecord fraction = m.judge(p, "", "Final Answer: The final answer is $\\frac{4}{2}$. I hope it is correct.");
    assertTrue(fraction.correct());
    assertEquals(0.0, fraction.metrics().get(MathBench.STRING_MATCH));
    ItemRecord same = m.judge(p, "", "Final Answer: The final answer is $x = 2$. I hope it is correct.");
    assertTrue(same.correct());
    assertEquals(1.0, same.metrics().get(MathBench.STRING_MATCH));
    ItemRecord wrong = m.judge(p, "", "Final Answer: The final answer is $3$. I hope it is correct.");
    assertFalse(wrong.correct());
    ItemRecord none = m.judge(p, "", "It is 2.");
    assertFalse(none.correct());
    assertEquals(MinervaAnswers.INVALID, none.extracted());
  }

  private static String[] pair(String prediction, String gold) {
    return new String[] {prediction, gold};
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
