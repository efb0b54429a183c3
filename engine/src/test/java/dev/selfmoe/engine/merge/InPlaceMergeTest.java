package dev.selfmoe.engine.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.attach.Attachment;
import dev.selfmoe.engine.decode.Int8Decoder;
import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.lora.ModuleShapes;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.SequenceLogits;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InPlaceMergeTest {
  private static final int[] PROMPT = {1, 403, 261, 145, 372, 29, 13, 466};

  @TempDir Path temp;

  @Test
  void theMergedModelRunsOnWeightsPlusUpdatesAndTheBaseComesBackBitForBit() {
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      ModelConfig c = lm.config();
      Map<LoraKey, float[]> deltas = randomDeltas(c, 3, new LoraKey(0, LoraTarget.Q),
          new LoraKey(c.layers() - 1, LoraTarget.DOWN));
      Path dir = save(c, deltas, "merged");
      Map<LoraKey, float[]> before = weights(lm, deltas.keySet());
      float[] baseLogits = SequenceLogits.of(lm, PROMPT);

      try (Attachment merged = Attachment.merged(lm, dir)) {
        for (Map.Entry<LoraKey, float[]> e : deltas.entrySet()) {
          float[] w = before.get(e.getKey());
          float[] sum = new float[w.length];
          for (int i = 0; i < w.length; i++) {
            sum[i] = w[i] + e.getValue()[i];
          }
          assertArrayEquals(sum, weight(lm, e.getKey()), e.getKey() + " holds W + ΔW");
        }
        assertFalse(Arrays.equals(baseLogits, SequenceLogits.of(lm, PROMPT)), "the merge changes the output");
      }

      for (LoraKey k : deltas.keySet()) {
        assertArrayEquals(before.get(k), weight(lm, k), k + " restored bit for bit");
      }
      assertArrayEquals(baseLogits, SequenceLogits.of(lm, PROMPT));
    }
  }

  @Test
  void anInterruptPendingAtCloseStillRestoresTheBaseAndStaysPending() {
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      ModelConfig c = lm.config();
      Map<LoraKey, float[]> deltas = randomDeltas(c, 9, new LoraKey(1, LoraTarget.O));
      Path dir = save(c, deltas, "merged");
      Map<LoraKey, float[]> before = weights(lm, deltas.keySet());
      Attachment merged = Attachment.merged(lm, dir);
      Thread.currentThread().interrupt();
      merged.close();
      assertTrue(Thread.interrupted(), "the interrupt is still there for the caller");
      assertArrayEquals(before.get(new LoraKey(1, LoraTarget.O)), weight(lm, new LoraKey(1, LoraTarget.O)));
      assertTrue(lm.damage().isEmpty());
    }
  }

  @Test
  void aMismatchedUpdateFailsAndLeavesTheBaseAsItWas() {
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      ModelConfig c = lm.config();
      Map<LoraKey, float[]> deltas = new LinkedHashMap<>(randomDeltas(c, 5, new LoraKey(0, LoraTarget.Q)));
      deltas.put(new LoraKey(0, LoraTarget.V), new float[7]); // saved after Q, which is already added by then
      Map<LoraKey, int[]> shapes = new TreeMap<>();
      shapes.put(new LoraKey(0, LoraTarget.Q), new int[] {c.hiddenSize(), c.qDim()});
      shapes.put(new LoraKey(0, LoraTarget.V), new int[] {7, 1});
      MergedModelFormat.save(deltas, shapes, new ObjectMapper().createObjectNode(), temp.resolve("wrong"));
      Map<LoraKey, float[]> before = weights(lm, deltas.keySet());

      EngineException e = assertThrows(EngineException.class, () -> Attachment.merged(lm, temp.resolve("wrong")));
      assertTrue(e.getMessage().contains("does not match the base model"), e.getMessage());
      for (LoraKey k : deltas.keySet()) {
        assertArrayEquals(before.get(k), weight(lm, k), k + " as before");
      }

      // as many values as the module has, stored transposed
      LoraKey gate = new LoraKey(0, LoraTarget.GATE);
      Map<LoraKey, float[]> transposed = randomDeltas(c, 6, gate);
      MergedModelFormat.save(transposed, Map.of(gate, new int[] {c.intermediateSize(), c.hiddenSize()}),
          new ObjectMapper().createObjectNode(), temp.resolve("transposed"));
      float[] gateBefore = weight(lm, gate);
      EngineException t = assertThrows(EngineException.class,
          () -> Attachment.merged(lm, temp.resolve("transposed")));
      assertTrue(t.getMessage().contains("does not match the base model"), t.getMessage());
      assertArrayEquals(gateBefore, weight(lm, gate));
      assertEquals(null, lm.transformer().adapter());
    }
  }

  @Test
  void int8DecodingFollowsTheWeightsInAndOut() {
    List<String> prompts = List.of("The capital of France is", "def add(a, b):");
    try (LanguageModel smol = ModelLoader.load(TestModels.smollm2())) {
      ModelConfig c = smol.config();
      Path dir = save(c, randomDeltas(c, 11, new LoraKey(0, LoraTarget.V), new LoraKey(1, LoraTarget.UP)), "smol");
      List<Completion> base = new Generator(smol).generateText(prompts, GenerationConfig.greedy(8));
      Int8Decoder baseDecoder = smol.int8Decoder().orElseThrow();

      try (Attachment merged = Attachment.merged(smol, dir)) {
        Int8Decoder mergedDecoder = smol.int8Decoder().orElseThrow();
        assertNotSame(baseDecoder, mergedDecoder, "int8 weights quantised from the merged ones");
        List<Completion> out = new Generator(smol).generateText(prompts, GenerationConfig.greedy(8));
        assertFalse(Arrays.equals(base.get(0).tokens(), out.get(0).tokens()), "the merge decodes differently");
      }

      List<Completion> again = new Generator(smol).generateText(prompts, GenerationConfig.greedy(8));
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(base.get(i).tokens(), again.get(i).tokens(), "prompt " + i + " after the merge left");
      }
    }
  }

  private static Map<LoraKey, float[]> randomDeltas(ModelConfig c, long seed, LoraKey... keys) {
    Random random = new Random(seed);
    Map<LoraKey, float[]> deltas = new TreeMap<>();
    for (LoraKey k : keys) {
      float[] v = new float[ModuleShapes.in(c, k.target()) * ModuleShapes.out(c, k.target())];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) random.nextGaussian() * 0.5f;
      }
      deltas.put(k, v);
    }
    return deltas;
  }

  private Path save(ModelConfig c, Map<LoraKey, float[]> deltas, String name) {
    Map<LoraKey, int[]> shapes = new TreeMap<>();
    for (LoraKey k : deltas.keySet()) {
      shapes.put(k, new int[] {ModuleShapes.in(c, k.target()), ModuleShapes.out(c, k.target())});
    }
    MergedModelFormat.save(deltas, shapes, new ObjectMapper().createObjectNode(), temp.resolve(name));
    return temp.resolve(name);
  }

  private static Map<LoraKey, float[]> weights(LanguageModel lm, Iterable<LoraKey> keys) {
    Map<LoraKey, float[]> copies = new TreeMap<>();
    for (LoraKey k : keys) {
      copies.put(k, weight(lm, k));
    }
    return copies;
  }

  private static float[] weight(LanguageModel lm, LoraKey k) {
    return lm.transformer().weights().layers.get(k.layer()).linear(k.target()).toFloatArray();
  }
}
