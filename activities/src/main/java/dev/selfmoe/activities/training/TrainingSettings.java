package dev.selfmoe.activities.training;

import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.train.TrainingOptions;
import dev.selfmoe.workflows.spec.LoraSpec;
import dev.selfmoe.workflows.spec.TrainingSpec;
import java.util.EnumSet;
import java.util.Set;

/** The spec's LoRA and optimiser settings as the engine takes them, with the training commands' other defaults. */
final class TrainingSettings {
  /** The train-lora command's defaults for what the spec does not set. */
  static final double WEIGHT_DECAY = 0;
  static final double MAX_GRAD_NORM = 1.0;

  private TrainingSettings() {}

  /** No dropout, as train-lora. */
  static LoraConfig lora(LoraSpec spec) {
    Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
    for (String module : spec.targets()) {
      targets.add(BadInput.check(() -> LoraTarget.byModule(module)));
    }
    return BadInput.check(() -> new LoraConfig(spec.rank(), spec.alpha(), 0, targets));
  }

  static TrainingOptions options(TrainingSpec t) {
    return BadInput.check(() -> new TrainingOptions(t.learningRate(), t.epochs(), t.batchSize(), t.microBatchSize(),
        t.maxLength(), t.warmupSteps(), t.schedule(), WEIGHT_DECAY, 0.9, 0.999, 1e-8, MAX_GRAD_NORM, t.seed(),
        t.checkpointEvery(), t.maxSteps()));
  }
}
