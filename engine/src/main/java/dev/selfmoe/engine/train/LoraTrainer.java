package dev.selfmoe.engine.train;

import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Trains one fresh LoRA adapter (an expert, or the instance-merging baseline) on instruction data. */
public final class LoraTrainer {
  public record Result(LoraAdapter adapter, int steps, List<Double> losses, int skippedExamples) {}

  private final LanguageModel model;
  private final LoraConfig lora;
  private final TrainingOptions options;
  private final PromptTemplate template;
  private final Path checkpointDir;
  private final Consumer<AdapterTrainer.Progress> progress;

  public LoraTrainer(LanguageModel model, LoraConfig lora, TrainingOptions options, PromptTemplate template,
      Path checkpointDir, Consumer<AdapterTrainer.Progress> progress) {
    this.model = model;
    this.lora = lora;
    this.options = options;
    this.template = template;
    this.checkpointDir = checkpointDir;
    this.progress = progress;
  }

  public Result train(List<InstructionExample> data) {
    try (LoraModules modules = LoraModules.initialize(lora, model.config(), model.manager(), options.seed())) {
      AdapterTrainer.Result r = new AdapterTrainer(model, "lora " + lora, options, template, checkpointDir, progress)
          .train(modules, data);
      return new Result(modules.toAdapter(model.source().toString()), r.steps(), r.losses(), r.skippedExamples());
    }
  }
}
