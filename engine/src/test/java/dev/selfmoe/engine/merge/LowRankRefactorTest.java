package dev.selfmoe.engine.merge;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraFactors;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LowRankRefactorTest {
  static final LoraKey Q0 = new LoraKey(0, LoraTarget.Q);
  static final LoraKey DOWN3 = new LoraKey(3, LoraTarget.DOWN);
  /** alpha 16: at rank 2 the scale is 8, at rank 4 it is 4. */
  static final LoraConfig TEMPLATE = new LoraConfig(8, 16, 0.05, Set.of(LoraTarget.Q));

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  /** An exactly rank-r [out, in] delta: the product of random [out, r] and [r, in] factors. */
  static float[] rankR(int out, int in, int r, long seed) {
    return new LoraFactors(r, in, out, random(r * in, seed), random(out * r, seed + 1)).delta(1);
  }

  static LowRankResult refactor(float[] delta, int out, int in, int rank) {
    return LowRankRefactor.toAdapter(Map.of(Q0, delta), Map.of(Q0, new int[] {in, out}), rank, TEMPLATE, "base");
  }

  static void assertReproduces(float[] expected, LowRankResult r, double tol) {
    double scale = r.adapter().config().scale();
    float[] got = r.adapter().get(0, LoraTarget.Q).delta(scale);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], tol, "element " + i);
    }
  }

  @Test
  void anExactlyRankRDeltaIsReproduced() {
    // 7×5 is solved in one exact step; 40×30 at rank 3 needs the subspace iteration (block of 13 < 30).
    for (int[] c : new int[][] {{7, 5, 2}, {40, 30, 3}, {30, 40, 3}}) {
      float[] delta = rankR(c[0], c[1], c[2], 17);
      LowRankResult r = refactor(delta, c[0], c[1], c[2]);
      assertReproduces(delta, r, 1e-5);
      assertTrue(r.relativeErrors().get(Q0) < 1e-6, "error " + r.relativeErrors());
      LoraFactors f = r.adapter().get(0, LoraTarget.Q);
      assertEquals(c[2], f.rank());
      assertEquals(c[1], f.in());
      assertEquals(c[0], f.out());
    }
  }

  @Test
  void theConfigTakesTheNewRankAndTheTemplatesAlpha() {
    float[] delta = rankR(6, 4, 2, 3);
    LowRankResult r = LowRankRefactor.toAdapter(Map.of(DOWN3, delta), Map.of(DOWN3, new int[] {4, 6}), 4, TEMPLATE,
        "HuggingFaceTB/SmolLM2-135M");
    assertEquals(4, r.adapter().config().rank());
    assertEquals(4.0, r.adapter().config().scale());
    assertEquals(0.05, r.adapter().config().dropout());
    assertEquals(Set.of(LoraTarget.Q, LoraTarget.DOWN), r.adapter().config().targets());
    assertEquals("HuggingFaceTB/SmolLM2-135M", r.adapter().baseModel());
    // A rank above the delta's own rank adds zero components and loses nothing.
    float[] got = r.adapter().get(3, LoraTarget.DOWN).delta(4);
    for (int i = 0; i < delta.length; i++) {
      assertEquals(delta[i], got[i], 1e-5);
    }
  }

  /*
   * M = U·diag(3, 2, 1)·Vᵀ with U a rotation by (3/5, 4/5) in the first plane and V one by (5/13, 12/13) in the last:
   * the rank-1 part is 3·u₁v₁ᵀ = 3·(3/5, 4/5, 0)ᵀ(1, 0, 0), errors sqrt((4 + 1) / 14) at rank 1 and sqrt(1 / 14) at 2.
   */
  @Test
  void aHandBuiltThreeByThreeHasItsEckartYoungError() {
    double[][] u = {{0.6, -0.8, 0}, {0.8, 0.6, 0}, {0, 0, 1}};
    double[][] v = {{1, 0, 0}, {0, 5.0 / 13, -12.0 / 13}, {0, 12.0 / 13, 5.0 / 13}};
    double[] s = {3, 2, 1};
    float[] m = new float[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double x = 0;
        for (int k = 0; k < 3; k++) {
          x += u[i][k] * s[k] * v[j][k];
        }
        m[i * 3 + j] = (float) x;
      }
    }
    LowRankResult r1 = refactor(m, 3, 3, 1);
    assertReproduces(new float[] {1.8f, 0, 0, 2.4f, 0, 0, 0, 0, 0}, r1, 1e-6);
    assertEquals(Math.sqrt(5.0 / 14), r1.relativeErrors().get(Q0), 1e-6);
    assertEquals(Math.sqrt(1.0 / 14), refactor(m, 3, 3, 2).relativeErrors().get(Q0), 1e-6);
    assertEquals(0, refactor(m, 3, 3, 3).relativeErrors().get(Q0), 1e-6);
  }

  @Test
  void aFullRankMatrixHasTheEckartYoungError() {
    for (int[] c : new int[][] {{9, 6, 2}, {60, 45, 4}, {45, 60, 5}}) {
      int out = c[0];
      int in = c[1];
      int rank = c[2];
      float[] m = random(out * in, 99 + out);
      double expected = Math.sqrt(trailingEnergy(m, out, in, rank) / frobenius2(m));
      double got = refactor(m, out, in, rank).relativeErrors().get(Q0);
      assertEquals(expected, got, 1e-5, out + "x" + in + " rank " + rank);
    }
  }

  @Test
  void theResultIsDeterministic() {
    float[] m = random(50 * 40, 5);
    LoraFactors a = refactor(m, 50, 40, 4).adapter().get(0, LoraTarget.Q);
    LoraFactors b = refactor(m, 50, 40, 4).adapter().get(0, LoraTarget.Q);
    assertArrayEquals(a.a(), b.a());
    assertArrayEquals(a.b(), b.b());
  }

  @Test
  void aZeroDeltaGivesZeroFactors() {
    LowRankResult r = refactor(new float[12], 4, 3, 2);
    assertArrayEquals(new float[6], r.adapter().get(0, LoraTarget.Q).a());
    assertArrayEquals(new float[8], r.adapter().get(0, LoraTarget.Q).b());
    assertEquals(0, r.maxRelativeError());
  }

  @Test
  void badInputsNameTheProblem() {
    assertThrows(EngineException.class, () -> refactor(new float[6], 2, 3, 0));
    assertThrows(EngineException.class,
        () -> LowRankRefactor.toAdapter(Map.of(), Map.of(), 2, TEMPLATE, "base"));
    String missing = assertThrows(EngineException.class, () -> LowRankRefactor.toAdapter(Map.of(Q0, new float[6]),
        Map.of(), 2, TEMPLATE, "base")).getMessage();
    assertTrue(missing.contains("layer 0 self_attn.q_proj"), missing);
    String size = assertThrows(EngineException.class, () -> refactor(new float[7], 2, 3, 1)).getMessage();
    assertTrue(size.contains("layer 0 self_attn.q_proj") && size.contains("7 values"), size);
  }

  static double frobenius2(float[] m) {
    double s = 0;
    for (float x : m) {
      s += (double) x * x;
    }
    return s;
  }

  /**
   * Σ_{i>r} σᵢ² by a route independent of the code under test: ‖M‖² minus the top r eigenvalues of MᵀM, found by
   * power iteration with deflation.
   */
  static double trailingEnergy(float[] m, int out, int in, int r) {
    double[][] g = new double[in][in];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < in; j++) {
        for (int k = 0; k < out; k++) {
          g[i][j] += (double) m[k * in + i] * m[k * in + j];
        }
      }
    }
    double top = 0;
    for (int e = 0; e < r; e++) {
      double[] x = new double[in];
      Arrays.fill(x, 1);
      x[e % in] += 1;
      double lambda = 0;
      for (int it = 0; it < 20000; it++) {
        double[] y = new double[in];
        for (int i = 0; i < in; i++) {
          for (int j = 0; j < in; j++) {
            y[i] += g[i][j] * x[j];
          }
        }
        double norm = Math.sqrt(JacobiSvd.dot(y, y));
        lambda = JacobiSvd.dot(x, y);
        for (int i = 0; i < in; i++) {
          x[i] = y[i] / norm;
        }
      }
      top += lambda;
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < in; j++) {
          g[i][j] -= lambda * x[i] * x[j];
        }
      }
    }
    return frobenius2(m) - top;
  }
}
