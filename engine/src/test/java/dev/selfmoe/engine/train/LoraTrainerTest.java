package dev.selfmoe.engine.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraFactors;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Ops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA training on the real stories260K model. */
class LoraTrainerTest {
  static LanguageModel model;
  @TempDir Path temp;

  @BeforeAll
  static void load() {
    model = ModelLoader.load(TestModels.stories260k());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** A task the base model does not do: answer every question about a name with one fixed sentence. */
  static List<InstructionExample> task(int n, long seed) {
    String[] names = {"Lily", "Ben", "Tom", "Sue", "Max", "Anna", "Tim", "Mia", "Sam", "Lucy", "Jack", "Kate"};
    SplittableRandom r = new SplittableRandom(seed);
    List<InstructionExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = names[r.nextInt(names.length)];
      out.add(new InstructionExample("Where did " + name + " go?", "", "The cat sat on the big red box."));
    }
    return out;
  }

  static TrainingOptions options(int epochs, int batch, double lr) {
    return new TrainingOptions(lr, epochs, batch, 2, 128, 0, "constant", 0.0, 0.9, 0.999, 1e-8, 1.0, 7, 2, 0);
  }

  static double heldOutLoss(LoraModules adapter, List<InstructionExample> data) {
    var previous = model.transformer().adapter();
    model.transformer().setAdapter(adapter);
    try (NDManager m = model.manager().newSubManager()) {
      List<TokenizedExample> ex = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        ex.add(TokenizedExample.of(i, data.get(i), PromptTemplate.DEFAULT, model, 128));
      }
      int tokens = ex.stream().mapToInt(TokenizedExample::learnedTokens).sum();
      return LanguageModelingLoss.summed(model.transformer(), ex, m).getFloat() / tokens;
    } finally {
      model.transformer().setAdapter(previous);
    }
  }

  @Test
  void theLossScoresOnlyLearnedPositionsAndEqualsTheFullLogitsSum() {
    List<TokenizedExample> batch = List.of(
        TokenizedExample.of(0, task(1, 1).get(0), PromptTemplate.DEFAULT, model, 128),
        TokenizedExample.of(1, new InstructionExample("Say hi", "", "Hi there, Ben!"), PromptTemplate.DEFAULT, model,
            128));
    try (NDManager m = model.manager().newSubManager()) {
      double loss = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
      // the same sum over logits at every position of each row, one row at a time
      double reference = 0;
      for (TokenizedExample e : batch) {
        int[] row = e.ids();
        long[] ids = java.util.Arrays.stream(row).asLongStream().toArray();
        long[] positions = java.util.stream.LongStream.range(0, row.length).toArray();
        float[] causal = new float[row.length * row.length];
        for (int i = 0; i < row.length; i++) {
          for (int j = i + 1; j < row.length; j++) {
            causal[i * row.length + j] = -1e9f;
          }
        }
        float[] logProbs = model.transformer().logits(model.transformer().forward(
                m.create(ids, new ai.djl.ndarray.types.Shape(1, row.length)),
                m.create(positions, new ai.djl.ndarray.types.Shape(1, row.length)),
                m.create(causal, new ai.djl.ndarray.types.Shape(1, 1, 1, row.length, row.length)), null))
            .logSoftmax(-1).toFloatArray();
        int vocab = model.config().vocabSize();
        for (int j = Math.max(e.responseStart(), 1) - 1; j + 1 < row.length; j++) {
          reference -= logProbs[j * vocab + row[j + 1]];
        }
      }
      assertEquals(reference, loss, 1e-4 * Math.abs(reference));
      assertTrue(batch.stream().mapToInt(TokenizedExample::learnedTokens).sum() > 0);
    }
  }

  @Test
  void gradientsOfLoraParametersMatchFiniteDifferences() {
    LoraConfig config = new LoraConfig(2, 4, 0, EnumSet.of(LoraTarget.Q, LoraTarget.V, LoraTarget.DOWN));
    List<TokenizedExample> batch = List.of(
        TokenizedExample.of(0, task(1, 1).get(0), PromptTemplate.DEFAULT, model, 128),
        TokenizedExample.of(1, new InstructionExample("Say hi", "", "Hi there, Ben!"), PromptTemplate.DEFAULT, model,
            128));
    try (NDManager m = model.manager().newSubManager();
        LoraModules lora = LoraModules.of(randomAdapter(config), model.config(), m)) {
      model.transformer().setAdapter(lora);
      List<NDArray> params = lora.parameters();
      lora.setTrainable(true);
      params.forEach(Ops::zeroGrad);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDManager s = m.newSubManager()) {
        gc.backward(LanguageModelingLoss.summed(model.transformer(), batch, s));
      }
      SplittableRandom r = new SplittableRandom(3);
      int checked = 0;
      for (int pi : new int[] {0, 1, 4, 5, 10, 11}) {
        NDArray p = params.get(pi);
        float[] grad;
        try (NDArray g = p.getGradient()) {
          grad = g.toFloatArray();
        }
        int size = (int) p.size();
        for (int trial = 0; trial < 3; trial++) {
          int i = r.nextInt(size);
          double numeric = FiniteDifference.derivative(p, i, 1e-2, () -> loss(batch, m));
          assertEquals(numeric, grad[i], 2e-2 * Math.max(1, Math.abs(numeric)),
              "parameter " + pi + "[" + i + "]");
          checked++;
        }
      }
      assertEquals(18, checked);
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  private static double loss(List<TokenizedExample> batch, NDManager m) {
    try (NDManager s = m.newSubManager()) {
      return LanguageModelingLoss.summed(model.transformer(), batch, s).getFloat();
    }
  }

  private static LoraAdapter randomAdapter(LoraConfig config) {
    SplittableRandom r = new SplittableRandom(11);
    var factors = new java.util.TreeMap<LoraKey, LoraFactors>();
    try (LoraModules init = LoraModules.initialize(config, model.config(), model.manager(), 5)) {
      for (var e : init.toAdapter("x").factors().entrySet()) {
        LoraFactors f = e.getValue();
        float[] b = new float[f.b().length];
        for (int i = 0; i < b.length; i++) {
          b[i] = (float) (r.nextGaussian() * 0.1);
        }
        factors.put(e.getKey(), new LoraFactors(f.rank(), f.in(), f.out(), f.a(), b));
      }
    }
    return new LoraAdapter(config, "stories260K", factors);
  }

  @Test
  void trainingLearnsTheTaskAndLowersHeldOutLoss() {
    List<InstructionExample> train = task(48, 1);
    List<InstructionExample> heldOut = List.of(new InstructionExample("Where did Zed go?", "",
        "The cat sat on the big red box."), new InstructionExample("Where did Pip go?", "",
        "The cat sat on the big red box."));
    List<AdapterTrainer.Progress> seen = new ArrayList<>();
    LoraTrainer.Result result = new LoraTrainer(model, LoraConfig.paperDefaults(), options(3, 8, 1e-2),
        PromptTemplate.DEFAULT, null, seen::add).train(train);
    assertEquals(18, result.steps());
    assertEquals(18, seen.size());
    assertTrue(seen.get(17).tokensPerSecond() > 0);
    double before;
    double after;
    try (LoraModules base = LoraModules.initialize(LoraConfig.paperDefaults(), model.config(), model.manager(), 1);
        LoraModules trained = LoraModules.of(result.adapter(), model.config(), model.manager())) {
      before = heldOutLoss(base, heldOut);
      after = heldOutLoss(trained, heldOut);
      assertTrue(after < before / 3, "held-out loss " + before + " -> " + after);
      model.transformer().setAdapter(trained);
      String prompt = PromptTemplate.DEFAULT.prompt(heldOut.get(0));
      Completion c = new Generator(model).generateText(List.of(prompt), GenerationConfig.greedy(16)).get(0);
      assertTrue(c.text().startsWith("The cat sat on the big red box."), c.text());
    } finally {
      model.transformer().setAdapter(null);
    }
    Completion base = new Generator(model).generateText(List.of(PromptTemplate.DEFAULT.prompt(heldOut.get(0))),
        GenerationConfig.greedy(16)).get(0);
    assertFalse(base.text().startsWith("The cat sat on the big red box."), "the base model is untouched");
  }

  @Test
  void trainingLeavesNoArraysWithTheModel() {
    new LoraTrainer(model, LoraConfig.paperDefaults(), options(1, 8, 1e-2).withMaxSteps(1), PromptTemplate.DEFAULT,
        null, p -> {}).train(task(8, 2));
    int before = model.manager().getManagedArrays().size();
    new LoraTrainer(model, LoraConfig.paperDefaults(), options(1, 8, 1e-2).withMaxSteps(2), PromptTemplate.DEFAULT,
        null, p -> {}).train(task(16, 3));
    assertEquals(before, model.manager().getManagedArrays().size(), "arrays a training run left with the model");
  }

  @Test
  void savedPeftAdapterGivesIdenticalLogits() {
    LoraAdapter trained = new LoraTrainer(model, LoraConfig.paperDefaults(), options(1, 8, 1e-2).withMaxSteps(2),
        PromptTemplate.DEFAULT, null, p -> {}).train(task(16, 4)).adapter();
    Path dir = temp.resolve("peft");
    dev.selfmoe.engine.lora.PeftFormat.save(trained, dir);
    LoraAdapter loaded = dev.selfmoe.engine.lora.PeftFormat.load(dir);
    List<TokenizedExample> batch = List.of(TokenizedExample.of(0, task(1, 9).get(0), PromptTemplate.DEFAULT, model,
        128));
    try (NDManager m = model.manager().newSubManager();
        LoraModules a = LoraModules.of(trained, model.config(), m);
        LoraModules b = LoraModules.of(loaded, model.config(), m)) {
      model.transformer().setAdapter(a);
      float before = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
      model.transformer().setAdapter(b);
      float after = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
      assertEquals(before, after, 0f, "the saved adapter is bit-identical");
      model.transformer().setAdapter(null);
      float base = LanguageModelingLoss.summed(model.transformer(), batch, m).getFloat();
      assertNotEquals(base, after, "and it changes the model");
    } finally {
      model.transformer().setAdapter(null);
    }
  }

  @Test
  void resumedRunEndsWithTheSameAdapter() {
    List<InstructionExample> data = task(24, 2);
    TrainingOptions o = options(2, 4, 5e-3);
    LoraConfig lora = new LoraConfig(4, 8, 0.1, EnumSet.of(LoraTarget.Q, LoraTarget.UP)); // dropout draws too
    LoraAdapter straight = new LoraTrainer(model, lora, o, PromptTemplate.DEFAULT, null, p -> {}).train(data)
        .adapter();
    Path ckpt = temp.resolve("ckpt");
    new LoraTrainer(model, lora, o.withMaxSteps(5), PromptTemplate.DEFAULT, ckpt, p -> {}).train(data);
    assertTrue(Files.isRegularFile(ckpt.resolve("state.json")), "a checkpoint was written at step 4");
    List<Integer> resumedSteps = new ArrayList<>();
    LoraAdapter resumed = new LoraTrainer(model, lora, o, PromptTemplate.DEFAULT, ckpt,
        p -> resumedSteps.add(p.step())).train(data).adapter();
    assertEquals(5, resumedSteps.get(0), "resumes after the step-4 checkpoint");
    for (var e : straight.factors().entrySet()) {
      LoraFactors a = e.getValue();
      LoraFactors b = resumed.factors().get(e.getKey());
      for (int i = 0; i < a.a().length; i++) {
        assertEquals(a.a()[i], b.a()[i], 1e-6);
      }
      for (int i = 0; i < a.b().length; i++) {
        assertEquals(a.b()[i], b.b()[i], 1e-6);
      }
    }
  }

  @Test
  void divergingLossAndBadDataAreClearErrors() throws Exception {
    EngineException nan = assertThrows(EngineException.class, () -> new LoraTrainer(model,
        LoraConfig.paperDefaults(), options(1, 4, 1e30), PromptTemplate.DEFAULT, null, p -> {}).train(task(8, 3)));
    assertTrue(nan.getMessage().contains("lower the learning rate"), nan.getMessage());
    Path empty = Files.writeString(temp.resolve("empty.jsonl"), "\n\n");
    assertTrue(assertThrows(EngineException.class, () -> InstructionData.read(empty)).getMessage().contains("empty"));
    Path bad = Files.writeString(temp.resolve("bad.jsonl"),
        "{\"instruction\":\"a\",\"output\":\"b\"}\n{\"instruction\": oops}\n");
    assertTrue(assertThrows(EngineException.class, () -> InstructionData.read(bad)).getMessage()
        .contains("bad.jsonl:2"));
    Path noOutput = Files.writeString(temp.resolve("no-output.jsonl"), "{\"instruction\":\"a\"}\n");
    assertTrue(assertThrows(EngineException.class, () -> InstructionData.read(noOutput)).getMessage()
        .contains(":1:"));
    assertEquals(1, InstructionData.read(Files.writeString(temp.resolve("ok.jsonl"),
        "{\"instruction\":\"a\",\"input\":\"c\",\"output\":\"b\"}\n")).size());
  }

  @Test
  void dataWhosePromptsFillTheLengthLimitIsUntrainableInput() {
    // max length 8 leaves no room for a response after the template's prompt
    TrainingOptions tooShort = new TrainingOptions(1e-3, 1, 2, 2, 8, 0, "constant", 0.0, 0.9, 0.999, 1e-8, 1.0, 7, 2,
        0);
    UntrainableDataException e = assertThrows(UntrainableDataException.class, () -> new LoraTrainer(model,
        LoraConfig.paperDefaults(), tooShort, PromptTemplate.DEFAULT, null, p -> {}).train(task(3, 1)));
    assertEquals("none of the 3 examples has a response token within the 8-token limit (their prompts are longer):"
        + " raise max_length", e.getMessage());
  }
}
