package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.TestData;
import org.junit.jupiter.api.Test;

class Gsm8kTest {

  @Test
  void strictTakesTheFirstCaseSensitiveMatch() {
    assertEquals("18", Gsm8kAnswers.strict("16 - 3 - 4 = 9. 9 * 2 = 18. The answer is 18.\n"));
    // The greedy class takes the period too; the unescaped "." then eats the space.
    assertEquals("1,234.", Gsm8kAnswers.strict("The answer is 1,234. Then The answer is 7."));
    assertEquals("-5", Gsm8kAnswers.strict("The answer is -5!"));
    assertEquals(Gsm8kAnswers.INVALID, Gsm8kAnswers.strict("the answer is 18."));
    assertEquals(Gsm8kAnswers.INVALID, Gsm8kAnswers.strict("The answer is $18."));
  }

  @Test
  void strictLosesTheLastDigitWhenTheNumberEndsTheOutput() {
    // The unescaped final '.' must match some character, so the regex backtracks into the number.
    assertEquals("1", Gsm8kAnswers.strict("The answer is 18"));
  }

  @Test
  void flexibleTakesTheLastNumberOfEitherForm() {
    assertEquals("18.", Gsm8kAnswers.flexible("So 5 + 13 = 18. The answer is 18."));
    assertEquals("3", Gsm8kAnswers.flexible("She pays $18 for 3"));
    assertEquals("$1,000.", Gsm8kAnswers.flexible("It costs $1,000."));
    assertEquals(Gsm8kAnswers.INVALID, Gsm8kAnswers.flexible("no numbers here"));
  }

  @Test
  void exactMatchIgnoresCommasDollarsMarkerAndOneTrailingPeriod() {
    assertTrue(Gsm8kAnswers.matches("18.", "18"));
    assertTrue(Gsm8kAnswers.matches("$1,000.", "1000"));
    assertTrue(Gsm8kAnswers.matches("#### 5", "5"));
    assertFalse(Gsm8kAnswers.matches("18..", "18"));
    assertFalse(Gsm8kAnswers.matches("1", "18"));
    assertFalse(Gsm8kAnswers.matches(Gsm8kAnswers.INVALID, "18"));
    assertEquals("72", Gsm8kAnswers.gold("48/2 = <<48/2=24>>24 clips\n#### 72"));
  }

  @Test
  void promptIsEightExemplarsThenTheQuestion() {
    Gsm8k g = (Gsm8k) TestData.registry().get("gsm8k");
    Gsm8k.Problem p = g.docs().get(0);
    String prompt = g.prompt(p, 8, EvalOptions.defaults());
    assertTrue(prompt.startsWith("Q: There are 15 trees in the grove. Grove workers will plant trees in the grove "
        + "today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?\n"
        + "A: There are 15 trees originally. Then there were 21 trees after some more were planted. So there must "
        + "have been 21 - 15 = 6. The answer is 6.\n\nQ: "), prompt);
    assertTrue(prompt.endsWith("\n\nQ: " + p.question() + "\nA:"));
    assertEquals(9, prompt.split("\nA:", -1).length - 1);
    assertEquals("Q: " + p.question() + "\nA:", g.prompt(p, 0, EvalOptions.defaults()));
    assertEquals("18", p.answer());
  }

  @Test
  void judgeReportsStrictAndFlexible() {
    Gsm8k.Problem p = new Gsm8k.Problem("t/0", "gsm8k", "q", "18");
    Gsm8k g = (Gsm8k) TestData.registry().get("gsm8k");
    ItemRecord both = g.judge(p, "P", " 9 * 2 = 18. The answer is 18.");
    assertTrue(both.correct());
    assertEquals("18", both.extracted());
    assertEquals(1.0, both.metrics().get(Gsm8k.FLEXIBLE));
    ItemRecord flexOnly = g.judge(p, "P", " 9 * 2 = 18. So she makes $18 a day.");
    assertFalse(flexOnly.correct());
    assertEquals(Gsm8kAnswers.INVALID, flexOnly.extracted());
    assertEquals(1.0, flexOnly.metrics().get(Gsm8k.FLEXIBLE)); // the last number-like span is "$18"
    ItemRecord neither = g.judge(p, "P", " The answer is 17.");
    assertFalse(neither.correct());
    assertEquals(0.0, neither.metrics().get(Gsm8k.FLEXIBLE));
  }
}
