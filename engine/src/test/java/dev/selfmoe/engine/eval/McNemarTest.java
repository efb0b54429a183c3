package dev.selfmoe.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class McNemarTest {
  @Test
  void twiceTheBinomialTailOfTheSmallerCount() {
    assertEquals(1.0, McNemar.exactP(0, 0), 1e-12, "no disagreement, no evidence");
    assertEquals(1.0, McNemar.exactP(5, 5), 1e-12);
    assertEquals(2.0 / 1024, McNemar.exactP(10, 0), 1e-12); // 2 * 0.5^10
    assertEquals(2.0 * (1 + 10) / 1024, McNemar.exactP(1, 9), 1e-12);
    assertEquals(McNemar.exactP(9, 1), McNemar.exactP(1, 9), 1e-12, "two-sided");
    assertEquals(1.0, McNemar.exactP(1, 2), 1e-12, "2 * (1 + 3) / 8, capped at 1");
    assertEquals(2.0 * (1 + 12 + 66) / 4096, McNemar.exactP(2, 10), 1e-12);
  }

  @Test
  void largeCountsStayFiniteAndOrdered() {
    double close = McNemar.exactP(1000, 980);
    double far = McNemar.exactP(1100, 900);
    assertTrue(close > 0.5 && close <= 1, "a 2% split of 1,980 is no evidence: " + close);
    assertTrue(far > 0 && far < 1e-5, "a 10% split of 2,000 is: " + far);
    assertThrows(IllegalArgumentException.class, () -> McNemar.exactP(-1, 3));
  }
}
