package dev.selfmoe.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.mixse.MixtureOfLoras;
import dev.selfmoe.engine.mixse.Routing;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.TrainableAdapter;
import dev.selfmoe.engine.train.AdamW;
import dev.selfmoe.engine.train.BlockwiseBackward;
import dev.selfmoe.engine.train.TokenizedExample;
import dev.selfmoe.engine.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Training throughput: full steps (forward, backward, AdamW) of a rank-8 LoRA on every linear module, and of the
 * MiXSE router over four experts, on random token batches so every step does the same work.
 */
public final class TrainingBenchmark {
  public record Result(double loraTokensPerSecond, double loraStepSeconds, double routerTokensPerSecond,
      double routerStepSeconds) {}

  private final LanguageModel model;
  private final Consumer<String> log;

  public TrainingBenchmark(LanguageModel model, Consumer<String> log) {
    this.model = model;
    this.log = log;
  }

  public Result run(int batch, int length, int steps) {
    List<TokenizedExample> examples = new ArrayList<>();
    long[] ids = RandomTokens.ids(batch * length, model.config().vocabSize(), 5);
    for (int r = 0; r < batch; r++) {
      int[] row = new int[length];
      for (int j = 0; j < length; j++) {
        row[j] = (int) ids[r * length + j];
      }
      examples.add(new TokenizedExample(r, row, 1));
    }
    TrainingOptions o = TrainingOptions.paperDefaults();
    double lora;
    log.accept("LoRA r8 training steps, " + batch + "x" + length);
    try (LoraModules modules = LoraModules.initialize(LoraConfig.paperDefaults(), model.config(), model.manager(),
        1)) {
      lora = secondsPerStep(modules, examples, o, steps);
    }
    double router;
    log.accept("router training steps over 4 experts, " + batch + "x" + length);
    List<LoraModules> experts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      experts.add(LoraModules.initialize(LoraConfig.paperDefaults(), model.config(), model.manager(), 10 + i));
    }
    try (MixtureOfLoras mix = MixtureOfLoras.create(experts, model.config().layers(),
        model.config().hiddenSize(), false, Routing.top(1), 3, model.manager())) {
      router = secondsPerStep(mix, examples, o, steps);
    } finally {
      experts.forEach(LoraModules::close);
    }
    double tokens = (double) batch * length;
    return new Result(tokens / lora, lora, tokens / router, router);
  }

  private double secondsPerStep(TrainableAdapter adapter, List<TokenizedExample> batch, TrainingOptions o,
      int steps) {
    var previous = model.transformer().adapter();
    model.transformer().setAdapter(adapter);
    adapter.setTrainable(true);
    try (NDManager m = model.manager().newSubManager(); AdamW adam = new AdamW(adapter.parameters(), o, m)) {
      double[] seconds = new double[steps];
      for (int i = -1; i < steps; i++) {
        long start = System.nanoTime();
        adapter.parameters().forEach(Ops::zeroGrad);
        BlockwiseBackward.run(model.transformer(), batch, 1, i, m);
        List<NDArray> grads = new ArrayList<>();
        adapter.parameters().forEach(p -> grads.add(p.getGradient()));
        adam.update(grads, o.learningRate());
        grads.forEach(NDArray::close);
        if (i >= 0) {
          seconds[i] = (System.nanoTime() - start) / 1e9;
        }
      }
      Arrays.sort(seconds);
      return seconds[steps / 2];
    } finally {
      adapter.setTrainable(false);
      model.transformer().setAdapter(previous);
    }
  }
}
