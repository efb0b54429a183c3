package dev.selfmoe.engine.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.generate.ArgMax;
import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraFactors;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.lora.ModuleShapes;
import dev.selfmoe.engine.mixse.MixtureOfLoras;
import dev.selfmoe.engine.mixse.Routing;
import dev.selfmoe.engine.mixse.RoutingTrace;
import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Transformer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java int8 decode step against torch's float32 step on real models. */
class Int8DecoderTest {
  static LanguageModel stories;
  static LanguageModel smol;

  @BeforeAll
  static void load() {
    stories = ModelLoader.load(TestModels.stories260k());
    smol = ModelLoader.load(TestModels.smollm2());
  }

  @AfterAll
  static void close() {
    stories.close();
    smol.close();
  }

  @Test
  void quantisedCheckpointsDecodeOnInt8AndFloatOnesOnFloat32() {
    assertTrue(VectorSupport.available(), "the build runs tests with the vector module on an AVX2 machine");
    assertEquals(DecodeWeights.INT8, smol.decodeWeights(), "SmolLM2 is stored in Q4_1");
    assertEquals(DecodeWeights.F32, stories.decodeWeights(), "stories260K is stored in float32");
    assertEquals(DecodeWeights.F32, DecodeWeights.choose("f32", true, smol.config()));
    assertEquals(DecodeWeights.INT8, DecodeWeights.choose("INT8", false, stories.config()));
    EngineException e = assertThrows(EngineException.class, () -> DecodeWeights.choose("fp8", true, smol.config()));
    assertTrue(e.getMessage().contains(DecodeWeights.SETTING) && e.getMessage().contains("fp8"), e.getMessage());
  }

  @Test
  void stepsFollowTorchWithinQuantisationError() {
    for (LanguageModel lm : new LanguageModel[] {stories, smol}) {
      assertFollowsTorch(lm, Int8Decoder.of(lm.transformer()));
    }
  }

  @Test
  void aLoraFoldedIntoTheWeightsFollowsTorchWithTheAdapterAttached() {
    try (LoraModules lora = randomLora(stories.config(), 9,
        EnumSet.of(LoraTarget.Q, LoraTarget.V, LoraTarget.UP, LoraTarget.DOWN), stories.manager())) {
      stories.transformer().setAdapter(lora);
      try {
        assertTrue(lora.foldable());
        Int8Decoder base = Int8Decoder.of(stories.transformer());
        Int8Decoder withLora = base.withAdapter(lora);
        double moved = largestDifference(base.step(emptyCache(), new long[] {5}),
            withLora.step(emptyCache(), new long[] {5}));
        assertTrue(moved > 0.5, "the adapter changes the logits (by " + moved + ")");
        assertFollowsTorch(stories, withLora);
      } finally {
        stories.transformer().setAdapter(null);
      }
    }
  }

  @Test
  void releasedDecodeMemoryIsMadeAgainOnDemandWithTheSameResults() {
    List<String> prompts = List.of("The cat sat on", "Write a function that adds two numbers.");
    try (LoraModules lora = randomLora(smol.config(), 21, EnumSet.of(LoraTarget.Q, LoraTarget.DOWN),
        smol.manager())) {
      smol.transformer().setAdapter(lora);
      try {
        Int8Decoder folded = smol.int8Decoder(lora).orElseThrow();
        assertSame(folded, smol.int8Decoder(lora).orElseThrow(), "one fold while the adapter stays attached");
        List<Completion> first = new Generator(smol).generateText(prompts, GenerationConfig.greedy(12));
        assertTrue(smol.int8Decoder().orElseThrow().reusableKvFloats() > 0);

        smol.releaseDecodeMemory();
        assertEquals(0, smol.int8Decoder().orElseThrow().reusableKvFloats(), "no KV arrays held");
        Int8Decoder refolded = smol.int8Decoder(lora).orElseThrow();
        assertNotSame(folded, refolded, "the folded copy was dropped");
        List<Completion> again = new Generator(smol).generateText(prompts, GenerationConfig.greedy(12));
        for (int i = 0; i < prompts.size(); i++) {
          assertArrayEquals(first.get(i).tokens(), again.get(i).tokens(), "prompt " + i);
        }
      } finally {
        smol.transformer().setAdapter(null);
        smol.releaseDecodeMemory();
      }
    }
  }

  @Test
  void aMixtureRoutedInJavaFollowsTorchWithTheMixtureAttached() {
    ModelConfig c = stories.config();
    try (NDManager m = stories.manager().newSubManager();
        LoraModules a = randomLora(c, 11, LoraTarget.allLinear(), m);
        LoraModules b = randomLora(c, 12, LoraTarget.allLinear(), m);
        LoraModules d = randomLora(c, 13, LoraTarget.allLinear(), m);
        MixtureOfLoras mix = MixtureOfLoras.create(List.of(a, b, d), c.layers(), c.hiddenSize(), false,
            Routing.top(1), 3, m)) {
      stories.transformer().setAdapter(mix);
      try {
        Int8Decoder base = Int8Decoder.of(stories.transformer());
        Int8Decoder routed = base.withRouting(mix.routedDecoding().orElseThrow());
        double moved = largestDifference(base.step(emptyCache(), new long[] {5}),
            routed.step(emptyCache(), new long[] {5}));
        assertTrue(moved > 0.5, "the experts change the logits (by " + moved + ")");
        for (Routing routing : List.of(Routing.top(1), Routing.top(2).renormalized(), Routing.top(3))) {
          mix.setRouting(routing);
          RoutingTrace trace = new RoutingTrace(c.layers(), 3);
          mix.setTrace(trace);
          assertFollowsTorch(stories, routed);
          mix.setTrace(null);
          // torch's prefill of 3 rows x 12 tokens, then six steps of 3, 3, 3, 2, 2, 2 rows on each side
          assertEquals(36 + 2 * 15, trace.tokens(0), routing + ": every routed row is traced");
        }
      } finally {
        stories.transformer().setAdapter(null);
      }
    }
  }

  private static double largestDifference(float[] a, float[] b) {
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs(a[i] - b[i]));
    }
    return largest;
  }

  /** A rank-4 LoRA with gaussian A and B on {@code targets} of every layer. */
  private static LoraModules randomLora(ModelConfig c, long seed, Set<LoraTarget> targets, NDManager m) {
    LoraConfig config = new LoraConfig(4, 8, 0, targets);
    Random random = new Random(seed);
    Map<LoraKey, LoraFactors> factors = new TreeMap<>();
    for (int layer = 0; layer < c.layers(); layer++) {
      for (LoraTarget target : config.targets()) {
        int in = ModuleShapes.in(c, target);
        int out = ModuleShapes.out(c, target);
        factors.put(new LoraKey(layer, target),
            new LoraFactors(4, in, out, gaussian(random, 4 * in, 0.05), gaussian(random, out * 4, 0.05)));
      }
    }
    return LoraModules.of(new LoraAdapter(config, null, factors), c, m);
  }

  private static float[] gaussian(Random random, int n, double sd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * sd);
    }
    return v;
  }

  /** A one-row cache with nothing in it yet (the first step attends to its own token only). */
  private static DecodeCache emptyCache() {
    try (NDManager m = stories.manager().newSubManager();
        KvCache cache = new KvCache(stories.config(), 1, 4, m)) {
      return DecodeCache.copyOf(cache, stories.config(), new int[1]);
    }
  }

  /** Torch prefill, then Java steps beside torch steps (with whatever adapter torch has attached). */
  private static void assertFollowsTorch(LanguageModel lm, Int8Decoder int8) {
    {
      Transformer t = lm.transformer();
      int batch = 3;
      int prompt = 12;
      int steps = 6;
      int vocab = t.config().vocabSize();
      Random random = new Random(5);
      long[] ids = new long[batch * prompt];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 1 + random.nextInt(Math.min(vocab, 500) - 1);
      }
      try (NDManager m = lm.manager().newSubManager();
          KvCache cache = new KvCache(t.config(), batch, prompt + steps, m)) {
        float[] torchLogits = forward(t, m, cache, ids, prompt);
        DecodeCache java = DecodeCache.copyOf(cache, t.config(), new int[batch]);
        long[] next = greedy(torchLogits, batch, vocab);
        for (int s = 0; s < steps; s++) {
          if (s == 3) { // a finished row leaves both batches
            long[] keep = {0, 2};
            cache.keepRows(keep);
            java.keepRows(keep);
            next = new long[] {next[0], next[2]};
          }
          int rows = next.length;
          float[] expected = forward(t, m, cache, next, 1);
          float[] actual = int8.step(java, next);
          double scale = 0;
          double worst = 0;
          for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
          }
          assertTrue(worst < 0.02 * scale, lm.source() + " step " + s + ": logits differ by " + worst
              + " against a largest logit of " + scale);
          long[] fromTorch = greedy(expected, rows, vocab);
          long[] fromJava = greedy(actual, rows, vocab);
          int agree = 0;
          for (int r = 0; r < rows; r++) {
            agree += fromTorch[r] == fromJava[r] ? 1 : 0;
          }
          assertTrue(agree >= rows - 1, lm.source() + " step " + s + ": " + Arrays.toString(fromTorch) + " vs "
              + Arrays.toString(fromJava));
          next = fromTorch;
        }
        assertEquals(cache.length(), java.length());
        assertEquals(2, java.rows());
      }
    }
  }

  private static long[] greedy(float[] logits, int batch, int vocab) {
    long[] next = new long[batch];
    for (int r = 0; r < batch; r++) {
      next[r] = ArgMax.of(logits, r * vocab, vocab);
    }
    return next;
  }

  /** Torch's forward over t new tokens per row (no padding); returns the last position's logits, [batch × V]. */
  private static float[] forward(Transformer t, NDManager parent, KvCache cache, long[] ids, int length) {
    int batch = ids.length / length;
    int past = cache.length();
    long[] positions = new long[ids.length];
    float[] mask = new float[batch * length * (past + length)];
    for (int r = 0; r < batch; r++) {
      for (int i = 0; i < length; i++) {
        positions[r * length + i] = past + i;
        Arrays.fill(mask, (r * length + i) * (past + length) + past + i + 1, (r * length + i + 1) * (past + length),
            -1e9f);
      }
    }
    try (NDManager m = parent.newSubManager()) {
      NDArray hidden = t.forward(m.create(ids, new Shape(batch, length)), m.create(positions, new Shape(batch, length)),
          m.create(mask, new Shape(batch, 1, 1, length, past + length)), cache);
      return t.logits(hidden.get(":, -1, :")).toFloatArray();
    }
  }
}
