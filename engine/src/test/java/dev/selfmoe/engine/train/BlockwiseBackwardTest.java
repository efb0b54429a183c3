package dev.selfmoe.engine.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.mixse.MixtureOfLoras;
import dev.selfmoe.engine.mixse.Routing;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.TrainableAdapter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The block-at-a-time backward pass against the plain one and against finite differences, on stories260K. */
class BlockwiseBackwardTest {
  static LanguageModel model;

  @BeforeAll
  static void load() {
    model = ModelLoader.load(TestModels.stories260k());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Rows of different lengths whose learned positions need more than one pass through the LM head. */
  static List<TokenizedExample> batch() {
    String story = "Once upon a time there was a little girl named Lily. She liked to play in the park with her dog. "
        + "One day the dog ran after a red ball and Lily ran after the dog. They ran and ran until the sun went "
        + "down, and then they went home to eat.";
    List<TokenizedExample> out = new ArrayList<>();
    String[] prompts = {"Tell a story", "Tell me a story about a dog", "Say something", "Go on"};
    for (int i = 0; i < prompts.length; i++) {
      out.add(TokenizedExample.of(i, new InstructionExample(prompts[i], "", story.substring(0, story.length() - 20 * i)),
          PromptTemplate.DEFAULT, model, 128));
    }
    return out;
  }

  /** Sets every parameter to seeded noise, so LoRA B factors are not zero and the router's gradient is not either. */
  static void randomize(List<NDArray> params, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (NDArray p : params) {
      float[] v = new float[(int) p.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.1);
      }
      p.set(v);
    }
  }

  static LoraModules lora(double dropout, long seed, NDManager m) {
    LoraModules l = LoraModules.initialize(new LoraConfig(2, 4, dropout, EnumSet.allOf(LoraTarget.class)),
        model.config(), m, seed);
    randomize(l.parameters(), seed);
    return l;
  }

  @Test
  void lossAndGradientsEqualThePlainBackwardPass() {
    List<TokenizedExample> batch = batch();
    int learned = batch.stream().mapToInt(TokenizedExample::learnedTokens).sum();
    assertTrue(learned > BlockwiseBackward.HEAD_ROWS, "learned positions: " + learned);
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = lora(0, 1, m);
        LoraModules b = lora(0, 2, m);
        MixtureOfLoras mix = MixtureOfLoras.create(List.of(a, b), model.config().layers(),
            model.config().hiddenSize(), true, Routing.top(1), 5, m)) {
      compare(a, batch, learned, m);
      compare(mix, batch, learned, m);
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  private static void compare(TrainableAdapter adapter, List<TokenizedExample> batch, int learned, NDManager m) {
    model.transformer().setAdapter(adapter);
    adapter.setTrainable(true);
    List<NDArray> params = adapter.parameters();
    params.forEach(Ops::zeroGrad);
    double plainLoss;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDManager s = m.newSubManager()) {
      NDArray loss = LanguageModelingLoss.summed(model.transformer(), batch, s).div(s.create((float) learned));
      gc.backward(loss);
      plainLoss = loss.getFloat();
    }
    List<float[]> plain = gradients(params);
    params.forEach(Ops::zeroGrad);
    double loss = BlockwiseBackward.run(model.transformer(), batch, 1.0 / learned, 3, m);
    List<float[]> blockwise = gradients(params);
    adapter.setTrainable(false);
    assertEquals(plainLoss, loss, 1e-5 * plainLoss);
    double largest = 0;
    for (int p = 0; p < params.size(); p++) {
      for (int i = 0; i < plain.get(p).length; i++) {
        assertEquals(plain.get(p)[i], blockwise.get(p)[i], 1e-4 * Math.max(1e-2, Math.abs(plain.get(p)[i])),
            "parameter " + p + "[" + i + "]");
        largest = Math.max(largest, Math.abs(plain.get(p)[i]));
      }
    }
    assertTrue(largest > 1e-3, "gradients are all near zero: " + largest);
  }

  private static List<float[]> gradients(List<NDArray> params) {
    List<float[]> out = new ArrayList<>();
    for (NDArray p : params) {
      try (NDArray g = p.getGradient()) {
        out.add(g.toFloatArray());
      }
    }
    return out;
  }

  @Test
  void theRerunDrawsTheDropoutMasksOfTheFirstPass() {
    List<TokenizedExample> batch = batch().subList(0, 2);
    try (NDManager m = model.manager().newSubManager(); LoraModules l = lora(0.5, 4, m)) {
      model.transformer().setAdapter(l);
      l.setTrainable(true);
      List<NDArray> params = l.parameters();
      params.forEach(Ops::zeroGrad);
      double loss = BlockwiseBackward.run(model.transformer(), batch, 1, 11, m);
      assertEquals(loss, BlockwiseBackward.run(model.transformer(), batch, 1, 11, m), 1e-9 * loss);
      assertNotEquals(loss, BlockwiseBackward.run(model.transformer(), batch, 1, 12, m));
      params.forEach(Ops::zeroGrad);
      BlockwiseBackward.run(model.transformer(), batch, 1, 11, m);
      List<float[]> grads = gradients(params);
      SplittableRandom r = new SplittableRandom(8);
      for (int p : new int[] {0, 1, params.size() - 2, params.size() - 1}) {
        for (int trial = 0; trial < 3; trial++) {
          int i = r.nextInt((int) params.get(p).size());
          double numeric = FiniteDifference.derivative(params.get(p), i, 1e-2,
              () -> BlockwiseBackward.run(model.transformer(), batch, 1, 11, m));
          assertEquals(numeric, grads.get(p)[i], 2e-2 * Math.max(1, Math.abs(numeric)),
              "parameter " + p + "[" + i + "]");
        }
      }
      l.setTrainable(false);
    } finally {
      model.transformer().setAdapter(null);
    }
  }
}
