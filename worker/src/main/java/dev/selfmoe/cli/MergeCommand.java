package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.merge.DareMerge;
import dev.selfmoe.engine.merge.LinearMerge;
import dev.selfmoe.engine.merge.LowRankRefactor;
import dev.selfmoe.engine.merge.LowRankResult;
import dev.selfmoe.engine.merge.MergeMethod;
import dev.selfmoe.engine.merge.MergedModelFormat;
import dev.selfmoe.engine.merge.TaskVectors;
import dev.selfmoe.engine.merge.TiesMerge;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Merges LoRA experts' updates into one model (the TIES / DARE / linear baselines). */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Merge LoRA experts' full updates with ties, dare-linear, dare-ties or linear.")
final class MergeCommand implements Callable<Integer> {
  @Mixin ModelOption model;

  @Option(names = "--method", required = true, description = "ties, dare-linear, dare-ties or linear.")
  String method;

  @Option(names = "--experts", required = true, arity = "1..*", paramLabel = "DIR", description = "Expert adapters.")
  List<Path> experts;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Merged model directory to write.")
  Path out;

  @Option(names = "--weights", split = ",", description = "Per-expert weights (default: all 1).")
  double[] weights;

  @Option(names = "--density", defaultValue = "0.5", description = "TIES: fraction of each update kept (default ${DEFAULT-VALUE}).")
  double density;

  @Option(names = "--drop", defaultValue = "0.5", description = "DARE: drop probability (default ${DEFAULT-VALUE}).")
  double drop;

  @Option(names = "--lambda", defaultValue = "1.0", description = "Scaling of the merged update (default ${DEFAULT-VALUE}).")
  double lambda;

  @Option(names = "--seed", defaultValue = "0", description = "DARE's drop seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rank", defaultValue = "0",
      description = "Also save a rank-R PEFT adapter approximating the merge in DIR/adapter (0: none).")
  int rank;

  @Override
  public Integer call() {
    MergeMethod m = switch (method) {
      case "ties" -> new TiesMerge(density, lambda);
      case "dare-linear" -> DareMerge.linear(drop, seed, lambda);
      case "dare-ties" -> DareMerge.ties(drop, seed, lambda);
      case "linear" -> new LinearMerge(lambda);
      default -> throw new UserInputException("unknown merge method '" + method
          + "' (ties, dare-linear, dare-ties, linear)");
    };
    double[] w = weights == null ? filled(experts.size()) : weights;
    if (w.length != experts.size()) {
      throw new UserInputException(w.length + " weights for " + experts.size() + " experts");
    }
    try (LanguageModel lm = model.load()) {
      List<LoraAdapter> adapters = new ArrayList<>();
      for (Path p : experts) {
        LoraAdapter a = PeftFormat.load(p);
        PeftFormat.check(a, lm.config());
        adapters.add(a);
      }
      Map<LoraKey, int[]> shapes = TaskVectors.shapes(adapters);
      ObjectNode recipe = new ObjectMapper().createObjectNode().put("method", method).put("density", density)
          .put("drop", drop).put("lambda", lambda).put("seed", seed).put("base_model", lm.source().toString());
      experts.forEach(p -> recipe.withArray("experts").add(p.toAbsolutePath().normalize().toString()));
      Arrays.stream(w).forEach(recipe.withArray("weights")::add);
      if (rank == 0) {
        MergedModelFormat.save(shapes, key -> TaskVectors.mergedModule(m, adapters, w, key), recipe, out);
      } else {
        // the low-rank refactoring reads every module's update, so the whole merge is held for it
        Map<LoraKey, float[]> merged = TaskVectors.mergedByModule(m, adapters, w);
        MergedModelFormat.save(merged, shapes, recipe, out);
        LoraConfig template = adapters.get(0).config();
        LowRankResult r = LowRankRefactor.toAdapter(merged, shapes, rank, template, lm.source().toString());
        PeftFormat.save(r.adapter(), out.resolve("adapter"));
        System.err.printf("rank-%d adapter: largest relative error %.4f%n", rank, r.maxRelativeError());
      }
      System.err.println("wrote " + out);
    }
    return ExitCode.OK;
  }

  private static double[] filled(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }
}
