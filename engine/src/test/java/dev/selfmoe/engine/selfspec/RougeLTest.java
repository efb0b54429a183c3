package dev.selfmoe.engine.selfspec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RougeLTest {
  @Test
  void tokensAreLowerCasedAlphanumericRuns() {
    assertEquals(List.of("the", "cat", "s", "2nd", "toy"), RougeL.tokens("The cat's 2nd  toy!"));
  }

  @Test
  void handComputedScores() {
    // candidate: the cat sat on the mat (6); reference: the cat was on the mat (6); LCS = the cat on the mat = 5
    assertEquals(5.0 / 6, RougeL.score("the cat sat on the mat", "the cat was on the mat"), 1e-12);
    // candidate 3 tokens, reference 6, LCS "a c e" = 3: P = 1, R = 0.5, F = 2/3
    assertEquals(2.0 / 3, RougeL.score("a c e", "a b c d e f"), 1e-12);
    // LCS of "a b c d" and "d c b a" is 1: P = R = 1/4
    assertEquals(0.25, RougeL.score("a b c d", "d c b a"), 1e-12);
    // order matters only through the subsequence: "b a c" vs "a b c" share "a c" or "b c" = 2 of 3
    assertEquals(2.0 / 3, RougeL.score("b a c", "a b c"), 1e-12);
    assertEquals(1.0, RougeL.score("Same words.", "same WORDS"), 1e-12);
    assertEquals(0.0, RougeL.score("", "anything"), 0);
    assertEquals(0.0, RougeL.score("x y", "z w"), 0);
  }

  @Test
  void symmetricInFMeasure() {
    assertEquals(RougeL.score("a b c d e", "a x c y"), RougeL.score("a x c y", "a b c d e"), 1e-12);
  }
}
