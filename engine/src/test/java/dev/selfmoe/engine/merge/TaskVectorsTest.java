package dev.selfmoe.engine.merge;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraFactors;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskVectorsTest {
  static final LoraKey Q0 = new LoraKey(0, LoraTarget.Q);
  static final LoraKey V1 = new LoraKey(1, LoraTarget.V);

  /** Rank 2, alpha 4 (scale 2); A = [[1,0,2],[0,1,-1]], B = [[1,2],[0,-1]]. */
  static LoraFactors handFactors() {
    return new LoraFactors(2, 3, 2, new float[] {1, 0, 2, 0, 1, -1}, new float[] {1, 2, 0, -1});
  }

  static LoraAdapter adapter(Map<LoraKey, LoraFactors> factors) {
    return new LoraAdapter(new LoraConfig(2, 4, 0, Set.of(LoraTarget.Q, LoraTarget.V)), "base", factors);
  }

  @Test
  void theTaskVectorIsScaleTimesBTimesA() {
    Map<LoraKey, float[]> d = TaskVectors.of(adapter(Map.of(Q0, handFactors())));
    // B·A = [[1,2,0],[0,-1,1]], times alpha/rank = 2.
    assertArrayEquals(new float[] {2, 4, 0, 0, -2, 2}, d.get(Q0));
    assertEquals(Set.of(Q0), d.keySet());
  }

  @Test
  void adaptersMayCoverDifferentModules() {
    LoraFactors v = new LoraFactors(2, 2, 2, new float[4], new float[4]);
    List<LoraAdapter> adapters = List.of(adapter(Map.of(Q0, handFactors())), adapter(Map.of(Q0, handFactors(), V1, v)));
    Map<LoraKey, int[]> shapes = TaskVectors.shapes(adapters);
    assertArrayEquals(new int[] {3, 2}, shapes.get(Q0));
    assertArrayEquals(new int[] {2, 2}, shapes.get(V1));
    List<Map<LoraKey, float[]>> deltas = TaskVectors.of(adapters);
    assertEquals(Set.of(Q0), deltas.get(0).keySet());
    assertEquals(Set.of(Q0, V1), deltas.get(1).keySet());
  }

  @Test
  void mismatchedShapesNameTheModule() {
    LoraFactors wide = new LoraFactors(2, 4, 2, new float[8], new float[4]);
    List<LoraAdapter> adapters = List.of(adapter(Map.of(Q0, handFactors())), adapter(Map.of(Q0, wide)));
    EngineException e = assertThrows(EngineException.class, () -> TaskVectors.of(adapters));
    assertTrue(e.getMessage().contains("layer 0 self_attn.q_proj"), e.getMessage());
  }

  @Test
  void twoAdaptersMergeAndRefactorIntoOne() {
    // Expert 2 is rank 2 with B' = [[1,0],[0,1]] on the same A: task vector 2·A = [2,0,4,0,2,-2].
    LoraFactors other = new LoraFactors(2, 3, 2, new float[] {1, 0, 2, 0, 1, -1}, new float[] {1, 0, 0, 1});
    List<LoraAdapter> experts = List.of(adapter(Map.of(Q0, handFactors())), adapter(Map.of(Q0, other)));
    Map<LoraKey, float[]> avg = new LinearMerge().merge(TaskVectors.of(experts), new double[] {0.5, 0.5});
    assertArrayEquals(new float[] {2, 2, 2, 0, 0, 0}, avg.get(Q0));
    LowRankResult r = LowRankRefactor.toAdapter(avg, TaskVectors.shapes(experts), 1,
        experts.get(0).config(), "base");
    // [[2,2,2],[0,0,0]] is rank 1, so rank 1 loses nothing.
    float[] back = r.adapter().get(0, LoraTarget.Q).delta(r.adapter().config().scale());
    for (int i = 0; i < back.length; i++) {
      assertEquals(avg.get(Q0)[i], back[i], 1e-6);
    }
    assertEquals(0, r.maxRelativeError(), 1e-7);
  }

  @Test
  void mergingModuleByModuleGivesTheWholeMerge() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    List<LoraAdapter> experts = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<LoraKey, LoraFactors> factors = new java.util.TreeMap<>();
      for (LoraKey k : i == 1 ? List.of(Q0) : List.of(Q0, V1)) { // the second expert leaves V1 alone
        float[] a = new float[2 * 6];
        float[] b = new float[5 * 2];
        for (int j = 0; j < a.length; j++) {
          a[j] = (float) r.nextGaussian();
        }
        for (int j = 0; j < b.length; j++) {
          b[j] = (float) r.nextGaussian();
        }
        factors.put(k, new LoraFactors(2, 6, 5, a, b));
      }
      experts.add(adapter(factors));
    }
    double[] weights = {1, 2, 0.5};
    for (MergeMethod m : List.of(new LinearMerge(0.7), new TiesMerge(0.3, 1.2), DareMerge.ties(0.5, 9, 1.0))) {
      Map<LoraKey, float[]> whole = m.merge(TaskVectors.of(experts), weights);
      Map<LoraKey, float[]> byModule = TaskVectors.mergedByModule(m, experts, weights);
      assertEquals(whole.keySet(), byModule.keySet(), m.toString());
      for (LoraKey k : whole.keySet()) {
        assertArrayEquals(whole.get(k), byModule.get(k), m + " " + k);
      }
    }
  }

  @Test
  void aMergeWrittenAsItIsMadeIsTheFileOfTheWholeMerge(@TempDir Path temp) throws IOException {
    LoraFactors v = new LoraFactors(2, 2, 2, new float[] {1, 2, 3, 4}, new float[] {-1, 0, 0.5f, 2});
    List<LoraAdapter> experts = List.of(adapter(Map.of(Q0, handFactors(), V1, v)), adapter(Map.of(V1, v)));
    double[] weights = {1, 1};
    MergeMethod ties = new TiesMerge(0.5, 1.0);
    Map<LoraKey, int[]> shapes = TaskVectors.shapes(experts);
    ObjectNode recipe = new ObjectMapper().createObjectNode().put("method", "ties");
    MergedModelFormat.save(TaskVectors.mergedByModule(ties, experts, weights), shapes, recipe, temp.resolve("whole"));
    List<LoraKey> asked = new ArrayList<>();
    MergedModelFormat.save(shapes, key -> {
      asked.add(key);
      return TaskVectors.mergedModule(ties, experts, weights, key);
    }, recipe, temp.resolve("streamed"));
    assertEquals(List.of(Q0, V1), asked);
    assertArrayEquals(Files.readAllBytes(temp.resolve("whole").resolve(MergedModelFormat.DELTAS)),
        Files.readAllBytes(temp.resolve("streamed").resolve(MergedModelFormat.DELTAS)));
  }
}
