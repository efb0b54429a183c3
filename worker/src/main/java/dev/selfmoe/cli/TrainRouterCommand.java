package dev.selfmoe.cli;

import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.mixse.MixtureFormat;
import dev.selfmoe.engine.mixse.MixtureOfLoras;
import dev.selfmoe.engine.mixse.Routing;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.train.AdapterTrainer;
import dev.selfmoe.engine.train.InstructionData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the MiXSE router over frozen experts (or experts and router together, from scratch). */
@Command(name = "train-router", mixinStandardHelpOptions = true,
    description = "Train the MiXSE router over LoRA experts on instruction JSONL; saves router + config.")
final class TrainRouterCommand implements Callable<Integer> {
  @Mixin ModelOption model;
  @Mixin TrainingOptionsMixin training;

  @Option(names = "--experts", arity = "1..*", paramLabel = "DIR", description = "Expert adapter directories (PEFT).")
  List<Path> experts = new ArrayList<>();

  @Option(names = "--joint-experts", paramLabel = "N", defaultValue = "0",
      description = "Instead of --experts: train N fresh LoRA experts jointly with the router (ablation).")
  int jointExperts;

  @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training data (all domains).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Composition directory to write.")
  Path out;

  @Option(names = "--top-k", defaultValue = "1", description = "Experts per token (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--renormalize", description = "Rescale the kept weights to sum to 1.")
  boolean renormalize;

  @Option(names = "--layerwise", description = "One router per layer instead of one shared router (ablation).")
  boolean layerwise;

  @Override
  public Integer call() {
    if (experts.isEmpty() == (jointExperts == 0)) {
      throw new UserInputException("give either --experts DIR... or --joint-experts N");
    }
    var examples = InstructionData.read(data);
    Routing routing = renormalize ? Routing.top(topK).renormalized() : Routing.top(topK);
    try (LanguageModel lm = model.load()) {
      List<LoraModules> modules = new ArrayList<>();
      List<Path> expertDirs = new ArrayList<>(experts);
      try {
        if (jointExperts > 0) {
          for (int i = 0; i < jointExperts; i++) {
            modules.add(LoraModules.initialize(LoraConfig.paperDefaults(), lm.config(), lm.manager(),
                training.seed + i));
            expertDirs.add(Path.of("expert-" + i)); // names the run's experts in its checkpoint fingerprint
          }
        } else {
          for (Path p : experts) {
            var adapter = PeftFormat.load(p);
            PeftFormat.check(adapter, lm.config());
            modules.add(LoraModules.of(adapter, lm.config(), lm.manager()));
          }
        }
        try (MixtureOfLoras mix = MixtureOfLoras.create(modules, lm.config().layers(), lm.config().hiddenSize(),
            layerwise, routing, training.seed, lm.manager())) {
          mix.setTrainExperts(jointExperts > 0);
          Path checkpoint = TrainLoraCommand.checkpointDir(out);
          AdapterTrainer.Result r = new AdapterTrainer(lm, "router " + expertDirs + " " + routing + " " + layerwise,
              training.options(), training.promptTemplate(), checkpoint, new TrainingProgressBar("train-router"))
              .train(mix, examples);
          if (jointExperts > 0) {
            MixtureFormat.saveWithExperts(mix,
                modules.stream().map(e -> e.toAdapter(lm.source().toString())).toList(), lm.config().hiddenSize(), out);
          } else {
            MixtureFormat.save(mix, expertDirs, lm.config().hiddenSize(), out);
          }
          Checkpoints.delete(checkpoint);
          System.err.printf("wrote %s (%d steps, final loss %.4f)%n", out, r.steps(),
              r.losses().get(r.losses().size() - 1));
        }
      } finally {
        modules.forEach(LoraModules::close);
      }
    }
    return ExitCode.OK;
  }
}
