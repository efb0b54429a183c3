package dev.selfmoe.engine.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.lora.ModuleShapes;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.ModelConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseDeltaAdapterTest {
  @TempDir Path temp;

  @Test
  void updatesReadFromTheFileApplyAsSaved() {
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k());
        NDManager m = lm.manager().newSubManager()) {
      ModelConfig c = lm.config();
      Map<LoraKey, float[]> deltas = new TreeMap<>();
      Map<LoraKey, int[]> shapes = new TreeMap<>();
      Random random = new Random(3);
      for (LoraKey k : new LoraKey[] {new LoraKey(0, LoraTarget.Q), new LoraKey(c.layers() - 1, LoraTarget.DOWN)}) {
        int in = ModuleShapes.in(c, k.target());
        int out = ModuleShapes.out(c, k.target());
        float[] v = new float[in * out];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextGaussian();
        }
        deltas.put(k, v);
        shapes.put(k, new int[] {in, out});
      }
      MergedModelFormat.save(deltas, shapes, new ObjectMapper().createObjectNode(), temp.resolve("merged"));

      try (DenseDeltaAdapter a = DenseDeltaAdapter.load(temp.resolve("merged"), c, m)) {
        assertTrue(a.adapts(0, LoraTarget.Q));
        assertFalse(a.adapts(0, LoraTarget.K));
        for (Map.Entry<LoraKey, float[]> e : deltas.entrySet()) {
          LoraKey k = e.getKey();
          int in = ModuleShapes.in(c, k.target());
          int out = ModuleShapes.out(c, k.target());
          float[] x = new float[2 * in];
          for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
          }
          float[] got = a.delta(k.layer(), k.target(), m.create(x, new Shape(1, 2, in))).toFloatArray();
          for (int row = 0; row < 2; row++) {
            for (int o = 0; o < out; o++) {
              double want = 0;
              for (int i = 0; i < in; i++) {
                want += (double) e.getValue()[o * in + i] * x[row * in + i];
              }
              assertEquals(want, got[row * out + o], 1e-3 * (1 + Math.abs(want)), k + " row " + row + " out " + o);
            }
          }
          NDArray folded = a.foldedUpdate(k.layer(), k.target(), m);
          assertEquals(new Shape(out, in), folded.getShape());
        }
      }

      Map<LoraKey, float[]> wrong = Map.of(new LoraKey(0, LoraTarget.Q), new float[7]);
      MergedModelFormat.save(wrong, Map.of(new LoraKey(0, LoraTarget.Q), new int[] {7, 1}),
          new ObjectMapper().createObjectNode(), temp.resolve("wrong"));
      EngineException e = assertThrows(EngineException.class,
          () -> DenseDeltaAdapter.load(temp.resolve("wrong"), c, m));
      assertTrue(e.getMessage().contains("does not match the base model"), e.getMessage());
    }
  }
}
