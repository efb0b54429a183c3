package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalQuestionsTest {
  private static NaturalQuestions nq() {
    return (NaturalQuestions) TestData.registry().get("naturalquestions");
  }

  @Test
  void normalisationDropsCasePunctuationArticlesAndSpaces() {
    assertEquals("beatles", QaNormalizer.normalize("The Beatles!"));
    assertEquals("salzburg austria", QaNormalizer.normalize(" Salzburg,  Austria. "));
    assertEquals("theory of everything", QaNormalizer.normalize("A theory of everything"));
    assertEquals("there", QaNormalizer.normalize("there")); // only whole-word articles go
  }

  @Test
  void exactMatchAgainstAnyAlias() {
    List<String> answers = List.of("14 December 1972 UTC", "December 1972");
    assertTrue(NaturalQuestions.matchesAny("december 1972", answers));
    assertTrue(NaturalQuestions.matchesAny("14 December, 1972 UTC", answers));
    assertFalse(NaturalQuestions.matchesAny("1972", answers));
    NaturalQuestions.Question q = nq().docs().get(0);
    assertEquals("when was the last time anyone was on the moon", q.question());
    assertTrue(nq().judge(q, "P", " December 1972").correct());
    assertFalse(nq().judge(q, "P", " July 1969").correct());
  }

  @Test
  void promptIsFiveDrawnExemplarsThenTheQuestion() {
    NaturalQuestions.Question q = nq().docs().get(0);
    String p = nq().prompt(q, 5, EvalOptions.defaults());
    assertTrue(p.endsWith("\n\nQ: when was the last time anyone was on the moon?\nA:"), p);
    assertTrue(p.startsWith("Q: "));
    assertEquals(6, p.split("\\?\nA:", -1).length - 1);
    assertEquals(p, nq().prompt(q, 5, EvalOptions.defaults()));
    assertNotEquals(p, nq().prompt(q, 5, EvalOptions.defaults().withFewShotSeed(7)));
    assertEquals(List.of("\n", ".", ","), nq().stopStrings());
  }
}
