package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiqaTest {
  private static Piqa piqa() {
    return (Piqa) TestData.registry().get("piqa");
  }

  @Test
  void zeroShotPromptAndSpacedContinuations() {
    Piqa.Goal g = piqa().docs().get(0);
    assertEquals("Question: How do I ready a guinea pig cage for it's new occupants?\nAnswer:",
        piqa().prompt(g, 0, EvalOptions.defaults()));
    assertEquals(0, g.label());
    assertTrue(piqa().continuations(g).get(0).startsWith(" Provide the guinea pig"));
    assertThrows(EngineException.class, () -> piqa().shots(EvalOptions.defaults().withShots(1)));
  }

  @Test
  void accAndLengthNormalisedAcc() {
    Piqa.Goal g = new Piqa.Goal("x", "piqa", "g", List.of("ab", "abcdefgh"), 1);
    // Sums favour the short "ab" (-3 > -6); per character the long one wins (-6/8 > -3/2).
    ItemRecord r = piqa().judge(g, "P", new double[] {-3, -6});
    assertFalse(r.correct());
    assertEquals("0", r.extracted());
    assertEquals(1.0, r.metrics().get(Piqa.ACC_NORM));
    assertTrue(piqa().judge(g, "P", new double[] {-9, -6}).correct());
  }

  @Test
  void accNormDividesByTheSolutionLengthWithoutTheSpace() {
    Piqa.Goal g = new Piqa.Goal("x", "piqa", "g", List.of("a", "abc"), 1);
    // -1/1 < -2.5/3, so the harness picks "abc"; counting the delimiter's space (-1/2 > -2.5/4) would pick "a".
    assertEquals(1.0, piqa().judge(g, "P", new double[] {-1, -2.5}).metrics().get(Piqa.ACC_NORM));
    Piqa.Goal emoji = new Piqa.Goal("y", "piqa", "g", List.of("\uD83D\uDE00", "ab"), 1);
    // Python's len counts the emoji as one character (-1/1 < -1.6/2); as two UTF-16 units it would win (-1/2).
    assertEquals(1.0, piqa().judge(emoji, "P", new double[] {-1, -1.6}).metrics().get(Piqa.ACC_NORM));
  }
}
