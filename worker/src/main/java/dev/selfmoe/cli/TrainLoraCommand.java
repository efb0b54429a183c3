package dev.selfmoe.cli;

import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.train.InstructionData;
import dev.selfmoe.engine.train.LoraTrainer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains one LoRA expert and saves it as a PEFT adapter. */
@Command(name = "train-lora", mixinStandardHelpOptions = true,
    description = "Train a LoRA adapter on instruction JSONL and save it in Hugging Face PEFT format.")
final class TrainLoraCommand implements Callable<Integer> {
  @Mixin ModelOption model;
  @Mixin TrainingOptionsMixin training;

  @Option(names = "--data", required = true, paramLabel = "FILE.jsonl",
      description = "Lines of {\"instruction\", \"input\", \"output\"}.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Adapter directory to write.")
  Path out;

  @Option(names = "--rank", defaultValue = "8", description = "LoRA rank (default ${DEFAULT-VALUE}).")
  int rank;

  @Option(names = "--alpha", defaultValue = "16", description = "LoRA alpha; the scale is alpha/rank (default ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--targets", split = ",", paramLabel = "MODULE",
      description = "Modules to adapt (default: all linear: q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj).")
  List<String> targets;

  @Override
  public Integer call() {
    LoraConfig lora = new LoraConfig(rank, alpha, 0, targets());
    var examples = InstructionData.read(data);
    Path checkpoint = checkpointDir(out);
    try (LanguageModel lm = model.load()) {
      LoraTrainer.Result r = new LoraTrainer(lm, lora, training.options(), training.promptTemplate(), checkpoint,
          new TrainingProgressBar("train-lora")).train(examples);
      PeftFormat.save(r.adapter(), out);
      Checkpoints.delete(checkpoint);
      System.err.printf("wrote %s (%d steps, final loss %.4f, %d examples skipped)%n", out, r.steps(),
          r.losses().get(r.losses().size() - 1), r.skippedExamples());
    }
    return ExitCode.OK;
  }

  private Set<LoraTarget> targets() {
    if (targets == null || targets.isEmpty()) {
      return LoraTarget.allLinear();
    }
    Set<LoraTarget> s = EnumSet.noneOf(LoraTarget.class);
    targets.forEach(t -> s.add(LoraTarget.byModule(t.strip())));
    return s;
  }

  static Path checkpointDir(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + ".checkpoint");
  }
}
