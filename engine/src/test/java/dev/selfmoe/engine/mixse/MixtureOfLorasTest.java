package dev.selfmoe.engine.mixse;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.train.AdapterTrainer;
import dev.selfmoe.engine.train.InstructionExample;
import dev.selfmoe.engine.train.LanguageModelingLoss;
import dev.selfmoe.engine.train.LoraTrainer;
import dev.selfmoe.engine.train.PromptTemplate;
import dev.selfmoe.engine.train.TokenizedExample;
import dev.selfmoe.engine.train.TrainingOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MiXSE routing on stories260K with experts trained here on two distinguishable tasks. */
class MixtureOfLorasTest {
  static final String ANSWER_A = "The cat sat on the big red box.";
  static final String ANSWER_B = "Mom made a yummy cake for Ben.";
  static LanguageModel model;
  static LoraAdapter expertA;
  static LoraAdapter expertB;

  static List<InstructionExample> task(String question, String answer, int n) {
    String[] names = {"Lily", "Ben", "Tom", "Sue", "Max", "Anna", "Tim", "Mia"};
    List<InstructionExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new InstructionExample(question.replace("X", names[i % names.length]), "", answer));
    }
    return out;
  }

  static TrainingOptions options(int epochs, double lr) {
    return new TrainingOptions(lr, epochs, 8, 4, 128, 0, "constant", 0, 0.9, 0.999, 1e-8, 1.0, 3, 0, 0);
  }

  @BeforeAll
  static void trainExperts() {
    model = ModelLoader.load(TestModels.stories260k());
    LoraConfig lora = new LoraConfig(4, 8, 0, EnumSet.of(LoraTarget.Q, LoraTarget.V, LoraTarget.UP, LoraTarget.DOWN));
    expertA = new LoraTrainer(model, lora, options(3, 1e-2), PromptTemplate.DEFAULT, null, p -> {})
        .train(task("Where did X go?", ANSWER_A, 16)).adapter();
    expertB = new LoraTrainer(model, lora, options(3, 1e-2), PromptTemplate.DEFAULT, null, p -> {})
        .train(task("What did X eat?", ANSWER_B, 16)).adapter();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static MixtureOfLoras mixture(List<LoraModules> experts, Routing routing, long seed, NDManager m) {
    return MixtureOfLoras.create(experts, model.config().layers(), model.config().hiddenSize(), false, routing,
        seed, m);
  }

  @Test
  void selectionKeepsTopKDynamicSetsAndRenormalisesInTorchAndInJava() {
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = LoraModules.of(expertA, model.config(), m);
        LoraModules b = LoraModules.of(expertB, model.config(), m);
        LoraModules c = LoraModules.of(expertA, model.config(), m);
        MixtureOfLoras mix = mixture(List.of(a, b, c), Routing.top(1), 1, m)) {
      NDArray probs = m.create(new float[] {0.2f, 0.5f, 0.3f, 0.6f, 0.1f, 0.3f}, new Shape(1, 2, 3));
      assertArrayEquals(new float[] {0, 0.5f, 0, 0.6f, 0, 0}, mix.select(probs).toFloatArray(), 1e-6f);
      assertSameInJava(mix, probs);
      mix.setRouting(Routing.top(2));
      assertArrayEquals(new float[] {0, 0.5f, 0.3f, 0.6f, 0, 0.3f}, mix.select(probs).toFloatArray(), 1e-6f);
      assertSameInJava(mix, probs);
      mix.setRouting(Routing.top(2).renormalized());
      assertArrayEquals(new float[] {0, 0.625f, 0.375f, 0.6666667f, 0, 0.3333333f}, mix.select(probs).toFloatArray(),
          1e-6f);
      assertSameInJava(mix, probs);
      mix.setRouting(Routing.top(3));
      assertArrayEquals(probs.toFloatArray(), mix.select(probs).toFloatArray(), 1e-6f);
      assertSameInJava(mix, probs);
      mix.setRouting(Routing.dynamic(0.75)); // row 1: 0.5 + 0.3 reaches 0.75; row 2: 0.6 + 0.3 does
      assertArrayEquals(new float[] {0, 0.5f, 0.3f, 0.6f, 0, 0.3f}, mix.select(probs).toFloatArray(), 1e-6f);
      assertSameInJava(mix, probs);
      mix.setRouting(Routing.dynamic(0.55)); // row 2: 0.6 alone is enough
      assertArrayEquals(new float[] {0, 0.5f, 0.3f, 0.6f, 0, 0}, mix.select(probs).toFloatArray(), 1e-6f);
      assertSameInJava(mix, probs);
    }
  }

  /** The Java decode step's selection gives torch's weights for the same probabilities. */
  private static void assertSameInJava(MixtureOfLoras mix, NDArray probs) {
    assertArrayEquals(mix.select(probs).toFloatArray(), mix.routing().weights(probs.toFloatArray(), 2, 3), 1e-6f);
  }

  @Test
  void oneExpertAtFullWeightEqualsThatLora() {
    List<TokenizedExample> batch = List.of(TokenizedExample.of(0, task("Where did X go?", ANSWER_A, 1).get(0),
        PromptTemplate.DEFAULT, model, 128));
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = LoraModules.of(expertA, model.config(), m);
        MixtureOfLoras mix = mixture(List.of(a), Routing.top(1), 1, m)) {
      model.transformer().setAdapter(a);
      float alone = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
      model.transformer().setAdapter(mix);
      float mixed = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
      assertEquals(alone, mixed, 1e-4 * Math.abs(alone));
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  @Test
  void seededRandomRoutingRepeatsAndSeedsDiffer() {
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = LoraModules.of(expertA, model.config(), m);
        LoraModules b = LoraModules.of(expertB, model.config(), m)) {
      List<String> runs = new ArrayList<>();
      for (long seed : new long[] {5, 5, 6}) {
        try (MixtureOfLoras mix = mixture(List.of(a, b), Routing.randomTop(1, seed), 1, m)) {
          RoutingTrace trace = new RoutingTrace(model.config().layers(), 2);
          mix.setTrace(trace);
          model.transformer().setAdapter(mix);
          LanguageModelingLoss.summed(model.transformer(), List.of(TokenizedExample.of(0,
              task("What did X eat?", ANSWER_B, 1).get(0), PromptTemplate.DEFAULT, model, 128)), m);
          runs.add(trace.toJson(List.of("a", "b")).toString());
          assertEquals(1.0, trace.overallTop1Share(0) + trace.overallTop1Share(1), 1e-9);
        }
      }
      assertEquals(runs.get(0), runs.get(1));
      assertNotEquals(runs.get(0), runs.get(2));
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  @Test
  void routerGradientMatchesFiniteDifferences() {
    List<TokenizedExample> batch = List.of(TokenizedExample.of(0, task("Where did X go?", ANSWER_A, 1).get(0),
        PromptTemplate.DEFAULT, model, 128));
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = LoraModules.of(expertA, model.config(), m);
        LoraModules b = LoraModules.of(expertB, model.config(), m);
        MixtureOfLoras mix = mixture(List.of(a, b), Routing.top(2), 9, m)) {
      model.transformer().setAdapter(mix);
      NDArray w = mix.parameters().get(0);
      mix.setTrainable(true);
      Ops.zeroGrad(w);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDManager s = m.newSubManager()) {
        gc.backward(LanguageModelingLoss.summed(model.transformer(), batch, s));
      }
      float[] grad;
      try (NDArray g = w.getGradient()) {
        grad = g.toFloatArray();
      }
      float[] values = w.toFloatArray();
      for (int i : new int[] {0, 7, 63, 64, 100}) {
        double h = 1e-2;
        float[] up = values.clone();
        up[i] += (float) h;
        w.set(up);
        double lossUp = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
        float[] down = values.clone();
        down[i] -= (float) h;
        w.set(down);
        double lossDown = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
        w.set(values);
        double numeric = (lossUp - lossDown) / (2 * h);
        assertEquals(numeric, grad[i], 2e-2 * Math.max(1, Math.abs(numeric)), "router weight " + i);
      }
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  @Test
  void trainedRouterSendsEachTaskToItsExpert() {
    List<InstructionExample> union = new ArrayList<>(task("Where did X go?", ANSWER_A, 16));
    union.addAll(task("What did X eat?", ANSWER_B, 16));
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = LoraModules.of(expertA, model.config(), m);
        LoraModules b = LoraModules.of(expertB, model.config(), m);
        MixtureOfLoras mix = mixture(List.of(a, b), Routing.top(1), 4, m)) {
      List<Double> losses = new AdapterTrainer(model, "router", options(4, 5e-2), PromptTemplate.DEFAULT, null,
          p -> {}).train(mix, union).losses();
      assertTrue(losses.get(losses.size() - 1) < losses.get(0), "router loss " + losses);
      // the prompt template is shared by both tasks, so the evidence is in how routing differs between them
      double aOnA = share(mix, "Where did Zed go?", ANSWER_A, 0);
      double aOnB = share(mix, "What did Zed eat?", ANSWER_B, 0);
      System.out.println("expert A top-1 share: " + aOnA + " on task A, " + aOnB + " on task B; losses " + losses);
      assertTrue(aOnA > aOnB, "expert A top-1 share " + aOnA + " on task A vs " + aOnB + " on task B");
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  /** Top-1 share of {@code expert} over the tokens of one example. */
  private static double share(MixtureOfLoras mix, String question, String answer, int expert) {
    RoutingTrace trace = new RoutingTrace(model.config().layers(), 2);
    mix.setTrace(trace);
    model.transformer().setAdapter(mix);
    try (NDManager s = model.manager().newSubManager()) {
      LanguageModelingLoss.summed(model.transformer(), List.of(TokenizedExample.of(0,
          new InstructionExample(question, "", answer), PromptTemplate.DEFAULT, model, 128)), s);
    }
    mix.setTrace(null);
    return trace.overallTop1Share(expert);
  }
}
