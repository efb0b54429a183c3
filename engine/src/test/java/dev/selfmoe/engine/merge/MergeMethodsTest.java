package dev.selfmoe.engine.merge;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear, TIES and DARE merges on six-element task vectors whose results are worked out by hand below. */
class MergeMethodsTest {
  static final LoraKey Q0 = new LoraKey(0, LoraTarget.Q);
  static final LoraKey K0 = new LoraKey(0, LoraTarget.K);

  static final float[] T1 = {0.5f, -2f, 1f, 0.1f, -0.3f, 3f};
  static final float[] T2 = {-1f, 1f, -4f, 0.2f, 0.5f, -1f};
  static final float[] T3 = {-3f, -1f, 2f, 0f, 0.4f, 2f};

  static List<Map<LoraKey, float[]>> tasks(float[]... vs) {
    return Arrays.stream(vs).map(v -> Map.of(Q0, v)).toList();
  }

  static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6, "element " + i);
    }
  }

  @Test
  void linearIsTheScaledWeightedSum() {
    // 0.5·T1 + 2·T2
    float[] sum = {-1.75f, 1f, -7.5f, 0.45f, 0.85f, -0.5f};
    assertClose(sum, new LinearMerge().merge(tasks(T1, T2), new double[] {0.5, 2}).get(Q0));
    float[] doubled = {-3.5f, 2f, -15f, 0.9f, 1.7f, -1f};
    assertClose(doubled, new LinearMerge(2).merge(tasks(T1, T2), new double[] {0.5, 2}).get(Q0));
  }

  @Test
  void aMissingModuleMergesAsZero() {
    List<Map<LoraKey, float[]>> deltas = List.of(Map.of(Q0, T1, K0, new float[] {1, 2}), Map.of(Q0, T2));
    Map<LoraKey, float[]> m = new LinearMerge().merge(deltas, new double[] {1, 1});
    assertClose(new float[] {1, 2}, m.get(K0));
    // TIES: the lone K0 vector trimmed to density 0.5 keeps the 2, which nothing opposes.
    assertClose(new float[] {0, 2}, new TiesMerge(0.5, 1).merge(deltas, new double[] {1, 1}).get(K0));
  }

  /*
   * density 0.5 keeps k = 3 of 6 per tensor:
   *   T1 → [ 0, -2,  1, 0, 0, 3]
   *   T2 → [-1,  1, -4, 0, 0, 0]   (|1| ties at idx 0, 1, 5: the lower indices 0 and 1 win)
   *   T3 → [-3,  0,  2, 0, 0, 2]
   * mass  [-4, -1, -1, 0, 0, 5] → signs [-, -, -, +, +, +] (a zero sum elects +)
   * mean over agreeing: idx0 (-1-3)/2, idx1 -2/1, idx2 -4/1, idx3 and idx4 nothing, idx5 (3+2)/2.
   */
  @Test
  void tiesTrimsElectsAndAveragesTheAgreeingValues() {
    float[] expected = {-2f, -2f, -4f, 0f, 0f, 2.5f};
    assertClose(expected, new TiesMerge(0.5, 1).merge(tasks(T1, T2, T3), new double[] {1, 1, 1}).get(Q0));
    float[] halved = {-1f, -1f, -2f, 0f, 0f, 1.25f};
    assertClose(halved, new TiesMerge(0.5, 0.5).merge(tasks(T1, T2, T3), new double[] {1, 1, 1}).get(Q0));
  }

  /*
   * Weights [1, 1, 3] on the same trimmed vectors:
   * mass [-1-9, -2+1, 1-4+6, 0, 0, 3+6] = [-10, -1, 3, 0, 0, 9] → signs [-, -, +, +, +, +]
   * weighted mean: idx0 (-1·1 - 3·3)/4, idx1 -2/1, idx2 (1·1 + 2·3)/4, idx5 (3·1 + 2·3)/4.
   */
  @Test
  void tiesWeightsDecideTheSignByMassAndWeightTheMean() {
    float[] expected = {-2.5f, -2f, 1.75f, 0f, 0f, 2.25f};
    assertClose(expected, new TiesMerge(0.5, 1).merge(tasks(T1, T2, T3), new double[] {1, 1, 3}).get(Q0));
  }

  /* density 1 keeps everything: T1 and T2 mass [-0.5, -1, -3, 0.3, 0.2, 2]. */
  @Test
  void tiesAtFullDensityOnlyElectsAndAverages() {
    float[] expected = {-1f, -2f, -4f, 0.15f, 0.5f, 3f};
    assertClose(expected, new TiesMerge(1, 1).merge(tasks(T1, T2), new double[] {1, 1}).get(Q0));
  }

  @Test
  void dareWithoutDroppingIsTheUnderlyingMethod() {
    double[] w = {0.7, 1.3, 0.4};
    assertArrayEquals(new LinearMerge(1.5).merge(tasks(T1, T2, T3), w).get(Q0),
        DareMerge.linear(0, 42, 1.5).merge(tasks(T1, T2, T3), w).get(Q0));
    assertArrayEquals(new TiesMerge(1, 0.8).merge(tasks(T1, T2, T3), w).get(Q0),
        DareMerge.ties(0, 42, 0.8).merge(tasks(T1, T2, T3), w).get(Q0));
  }

  @Test
  void dareDropsAboutPAndPreservesTheMean() {
    int n = 200_000;
    double p = 0.3;
    float[] v = new float[n];
    double inputMean = 0;
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + (i % 1000) / 1000f;
      inputMean += v[i] / n;
    }
    float[] out = DareMerge.linear(p, 7, 1).merge(tasks(v), new double[] {1}).get(Q0);
    int dropped = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      if (out[i] == 0) {
        dropped++;
      } else {
        assertEquals((float) (v[i] / (1 - p)), out[i], "survivors are rescaled by 1/(1-p)");
      }
      mean += out[i] / n;
    }
    // Binomial standard deviation of the drop fraction is sqrt(0.21 / n) ≈ 0.001.
    assertEquals(p, dropped / (double) n, 0.005);
    assertEquals(inputMean, mean, 0.01 * inputMean);
  }

  @Test
  void dareTasksDrawIndependentMasks() {
    int n = 100_000;
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    // Two identical tasks: with independent masks both survive on (1-p)² of the entries, giving 2/(1-p) there.
    float[] out = DareMerge.linear(0.5, 3, 1).merge(tasks(ones, ones), new double[] {1, 1}).get(Q0);
    int both = 0;
    for (float x : out) {
      if (x == 4f) {
        both++;
      }
    }
    assertEquals(0.25, both / (double) n, 0.01);
  }

  @Test
  void dareIsDeterministicUnderASeedWhateverTheMapOrder() {
    float[] big = new float[1000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) Math.sin(i);
    }
    Map<LoraKey, float[]> qFirst = new LinkedHashMap<>();
    qFirst.put(Q0, big);
    qFirst.put(K0, T1);
    Map<LoraKey, float[]> kFirst = new LinkedHashMap<>();
    kFirst.put(K0, T1);
    kFirst.put(Q0, big);
    double[] w = {1, 1};
    for (DareMerge m : List.of(DareMerge.linear(0.4, 11, 1), DareMerge.ties(0.4, 11, 1))) {
      Map<LoraKey, float[]> a = m.merge(List.of(qFirst, Map.of(Q0, big)), w);
      Map<LoraKey, float[]> b = m.merge(List.of(kFirst, Map.of(Q0, big)), w);
      assertArrayEquals(a.get(Q0), b.get(Q0));
      assertArrayEquals(a.get(K0), b.get(K0));
      // Removing a module leaves the others' draws unchanged.
      assertArrayEquals(a.get(Q0), m.merge(List.of(Map.of(Q0, big), Map.of(Q0, big)), w).get(Q0));
    }
    float[] other = DareMerge.linear(0.4, 12, 1).merge(List.of(qFirst, Map.of(Q0, big)), w).get(Q0);
    assertFalse(Arrays.equals(other, DareMerge.linear(0.4, 11, 1)
        .merge(List.of(qFirst, Map.of(Q0, big)), w).get(Q0)), "a different seed must drop differently");
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(EngineException.class, () -> new TiesMerge(0, 1));
    assertThrows(EngineException.class, () -> new TiesMerge(1.01, 1));
    assertThrows(EngineException.class, () -> new TiesMerge(Double.NaN, 1));
    assertThrows(EngineException.class, () -> DareMerge.linear(1, 0, 1));
    assertThrows(EngineException.class, () -> DareMerge.ties(-0.1, 0, 1));
    assertThrows(EngineException.class, () -> new LinearMerge(Double.POSITIVE_INFINITY));
    String weights = assertThrows(EngineException.class,
        () -> new LinearMerge().merge(tasks(T1, T2), new double[] {1})).getMessage();
    assertTrue(weights.contains("1 weights for 2 task vectors"), weights);
    assertThrows(EngineException.class, () -> new TiesMerge(0.5, 1).merge(List.of(), new double[0]));
    assertThrows(EngineException.class, () -> DareMerge.linear(0.1, 0, 1).merge(List.of(), new double[0]));
    assertThrows(EngineException.class, () -> new TiesMerge(0.5, 1).merge(tasks(T1, T2), new double[] {1, -1}));
    String size = assertThrows(EngineException.class,
        () -> new LinearMerge().merge(List.of(Map.of(Q0, T1), Map.of(Q0, new float[3])), new double[] {1, 1}))
        .getMessage();
    assertTrue(size.contains("layer 0 self_attn.q_proj") && size.contains("6 vs 3"), size);
  }
}
