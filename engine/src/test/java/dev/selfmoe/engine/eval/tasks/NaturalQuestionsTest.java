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
  void normalisationFollowsTheHarnessOrderOfArticlesCaseAndPunctuation() {
    assertEquals("beatles", QaNormalizer.normalize("The Beatles!"));
    assertEquals("salzburg austria", QaNormalizer.normalize("Salzburg, Austria."));
    assertEquals("theory of everything", QaNormalizer.normalize("A theory of everything"));
    assertEquals("gone with wind", QaNormalizer.normalize("Gone with the Wind")); // wherever a word starts
    assertEquals("there", QaNormalizer.normalize("there")); // an article needs its following space
    // Where the harness differs from SQuAD-style normalisation: no whitespace collapsing, a final article stays, and
    // articles are matched before case folding, so only the listed spellings go.
    assertEquals("salzburg  austria", QaNormalizer.normalize("Salzburg,  Austria"));
    assertEquals("beatles the", QaNormalizer.normalize("Beatles the"));
    assertEquals("the beatles", QaNormalizer.normalize("THE Beatles"));
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
    // Only leading whitespace is removed: an answer cut at a stop string with a space before it is a miss.
    assertFalse(nq().judge(q, "P", " December 1972 ").correct());
    assertTrue(NaturalQuestions.matchesAny("the Beatles", List.of("Beatles")));
    assertFalse(NaturalQuestions.matchesAny("The  Beatles", List.of("Beatles")), "the double space survives");
  }

  @Test
  void promptIsTheDescriptionThenFiveDrawnExemplarsOnePerLineThenTheQuestion() {
    NaturalQuestions.Question q = nq().docs().get(0);
    String p = nq().prompt(q, 5, EvalOptions.defaults());
    assertTrue(p.startsWith("Answer these questions:\n\nQ: "), p);
    assertTrue(p.matches("(?s)Answer these questions:\n\n(Q: [^\n]*\\?\nA: [^\n]*\n){5}"
        + "Q: when was the last time anyone was on the moon\\?\nA:"), p);
    assertEquals(p, nq().prompt(q, 5, EvalOptions.defaults()));
    assertNotEquals(p, nq().prompt(q, 5, EvalOptions.defaults().withFewShotSeed(7)));
    assertEquals("Answer these questions:\n\nQ: when was the last time anyone was on the moon?\nA:",
        nq().prompt(q, 0, EvalOptions.defaults()));
    assertEquals(List.of("\n", ".", ","), nq().stopStrings());
    assertEquals(256, nq().defaultMaxNewTokens());
  }
}
