package dev.selfmoe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.model.BlockAdapter;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.TrainableAdapter;
import dev.selfmoe.engine.model.Transformer;
import dev.selfmoe.engine.runtime.NativeHeap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains an adapter's parameters (a LoRA, a router, or both) on instruction data with the base model frozen:
 * token-weighted loss on responses, gradient accumulation over micro-batches, clipping, AdamW, and checkpoints that
 * let an interrupted run resume to the same result.
 */
public final class AdapterTrainer {
  /** Reported after every optimizer step. */
  public record Progress(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond) {}

  public record Result(int steps, List<Double> losses, int skippedExamples) {}

  private final LanguageModel model;
  private final String description;
  private final TrainingOptions options;
  private final PromptTemplate template;
  private final Path checkpointDir;
  private final Consumer<Progress> progress;

  /**
   * @param description what is trained, in words that change whenever a checkpoint could not be reused
   * @param checkpointDir where checkpoints go and a previous run's is resumed from; null for none
   */
  public AdapterTrainer(LanguageModel model, String description, TrainingOptions options, PromptTemplate template,
      Path checkpointDir, Consumer<Progress> progress) {
    this.model = model;
    this.description = description;
    this.options = options;
    this.template = template;
    this.checkpointDir = checkpointDir;
    this.progress = progress;
  }

  /** Trains {@code adapter}'s parameters in place; the model runs with it attached only while training. */
  public Result train(TrainableAdapter adapter, List<InstructionExample> data) {
    Ops.stopRecordingGradients(); // the collector records each step and restores this afterwards
    NativeHeap.mapLargeBuffers();
    List<TokenizedExample> examples = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < data.size(); i++) {
      TokenizedExample e = TokenizedExample.of(i, data.get(i), template, model, options.maxLength());
      if (e.learnedTokens() > 0) {
        examples.add(e);
      } else {
        skipped++;
      }
    }
    if (examples.isEmpty()) {
      throw new UntrainableDataException("none of the " + data.size() + " examples has a response token within the "
          + options.maxLength() + "-token limit (their prompts are longer): raise max_length");
    }
    BatchPlan plan = new BatchPlan(examples, options);
    int total = options.maxSteps() > 0 ? Math.min(plan.size(), options.maxSteps()) : plan.size();
    Transformer transformer = model.transformer();
    BlockAdapter previous = transformer.adapter();
    try (NDManager manager = model.manager().newSubManager();
        AdamW adam = new AdamW(adapter.parameters(), options, manager)) {
      List<NDArray> params = adapter.parameters();
      List<Double> losses = new ArrayList<>();
      int start = resume(params, adam, losses, data.size());
      adapter.setTrainable(true);
      transformer.setAdapter(adapter);
      for (int step = start; step < total; step++) {
        long began = System.nanoTime();
        double lr = options.learningRateAt(step, total);
        int tokens = step(plan.step(step), params, adam, lr, losses, step);
        progress.accept(new Progress(step + 1, total, losses.get(losses.size() - 1), lr,
            tokens / ((System.nanoTime() - began) / 1e9)));
        if (checkpointDir != null && options.checkpointEvery() > 0 && (step + 1) % options.checkpointEvery() == 0
            && step + 1 < total) {
          TrainingCheckpoint.save(checkpointDir, step + 1, fingerprint(data.size()), params, adam, losses);
        }
      }
      return new Result(total, losses, skipped);
    } finally {
      adapter.setTrainable(false);
      transformer.setAdapter(previous);
      NativeHeap.trim(); // what training freed would otherwise stay with the process through the evaluations after it
    }
  }

  /** One optimizer step; returns the tokens it ran. */
  private int step(List<List<TokenizedExample>> micro, List<NDArray> params, AdamW adam, double lr,
      List<Double> losses, int step) {
    int learned = micro.stream().flatMap(List::stream).mapToInt(TokenizedExample::learnedTokens).sum();
    int tokens = micro.stream().flatMap(List::stream).mapToInt(e -> e.ids().length).sum();
    params.forEach(Ops::zeroGrad);
    double loss = 0;
    for (int i = 0; i < micro.size(); i++) {
      // seeds fixed by position make dropout masks the same in a resumed run as in an uninterrupted one
      long seed = (options.seed() * 1_000_003L + step) * 1_000_003L + i;
      loss += BlockwiseBackward.run(model.transformer(), micro.get(i), 1.0 / learned, seed, model.manager());
    }
    if (!Double.isFinite(loss)) {
      throw new EngineException("the training loss became " + loss + " at step " + (step + 1)
          + "; lower the learning rate (the last checkpoint is kept)");
    }
    losses.add(loss);
    List<NDArray> grads = new ArrayList<>();
    try (NDManager m = model.manager().newSubManager()) {
      params.forEach(p -> grads.add(p.getGradient()));
      clip(grads, m);
      adam.update(grads, lr);
    } finally {
      grads.forEach(NDArray::close); // each getGradient() is a new native handle
    }
    return tokens;
  }

  private void clip(List<NDArray> grads, NDManager m) {
    if (options.maxGradNorm() <= 0) {
      return;
    }
    double sumSquares = 0;
    for (NDArray g : grads) {
      sumSquares += g.square().sum().getFloat();
    }
    double norm = Math.sqrt(sumSquares);
    if (norm > options.maxGradNorm()) {
      NDArray factor = m.create((float) (options.maxGradNorm() / (norm + 1e-6)));
      grads.forEach(g -> g.muli(factor));
    }
  }

  private int resume(List<NDArray> params, AdamW adam, List<Double> losses, int examples) {
    if (checkpointDir == null) {
      return 0;
    }
    TrainingCheckpoint c = TrainingCheckpoint.load(checkpointDir);
    if (c == null) {
      return 0;
    }
    if (!c.fingerprint().equals(fingerprint(examples)) || c.params().size() != params.size()) {
      throw new EngineException(checkpointDir + ": the checkpoint belongs to a run with other settings or data; "
          + "delete it or choose another output");
    }
    for (int i = 0; i < params.size(); i++) {
      params.get(i).set(c.params().get(i));
    }
    adam.restore(c.step(), c.first(), c.second());
    losses.addAll(c.losses());
    return c.step();
  }

  /** What must match for a checkpoint to continue this run. */
  private String fingerprint(int examples) {
    return description + "|" + options.withMaxSteps(0) + "|" + examples + "|" + model.config();
  }
}
