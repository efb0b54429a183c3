package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.BenchmarkRegistry;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.EvaluationResult;
import dev.selfmoe.engine.eval.EvaluationRunner;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.model.LanguageModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores a model (base, adapter, MiXSE or merged) on benchmarks the way the standard harnesses do. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate on benchmarks; prints score, n and a 95% bootstrap interval per benchmark.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin AdapterOption adapter;

  @Option(names = "--bench", required = true, split = ",", paramLabel = "NAME",
      description = "Benchmarks, comma-separated.")
  List<String> benches;

  @Option(names = "--limit", defaultValue = "0", description = "Items per benchmark after a seeded shuffle (0: all).")
  int limit;

  @Option(names = "--shots", defaultValue = "-1", description = "Few-shot examples (default: each benchmark's).")
  int shots;

  @Option(names = "--fewshot-seed", paramLabel = "S", description = "Draw few-shot examples with this seed.")
  Long fewShotSeed;

  @Option(names = "--batch-size", defaultValue = "8", description = "Prompts per batch (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:SELFMOE_DATA:-data}",
      description = "Benchmark data root (default: $SELFMOE_DATA or ./data).")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", description = "Write results.json and per-item records here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(data)) {
      throw new UserInputException("benchmark data not found at " + data.toAbsolutePath()
          + " (pass --data DIR or set SELFMOE_DATA)");
    }
    BenchmarkRegistry registry = new BenchmarkRegistry(data);
    List<Benchmark<?>> selected = new ArrayList<>();
    for (String b : benches) {
      selected.add(registry.get(b.strip()));
    }
    EvalOptions options = EvalOptions.defaults().withLimit(limit).withShots(shots).withBatchSize(batchSize);
    if (fewShotSeed != null) {
      options = options.withFewShotSeed(fewShotSeed);
    }
    List<EvaluationResult> results = new ArrayList<>();
    try (LanguageModel lm = model.load(); AutoCloseable attached = adapter.attach(lm)) {
      EvaluationRunner runner = new EvaluationRunner(lm);
      for (Benchmark<?> b : selected) {
        String name = b.name();
        results.add(runner.run(b, options, (done, total) -> System.err.printf("\reval %s %d/%d", name, done, total)));
        System.err.println();
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%-16s %8s %6s  %s%n", "benchmark", "score", "n", "95% CI");
    for (EvaluationResult r : results) {
      o.printf("%-16s %8.4f %6d  [%.4f, %.4f]%n", r.name(), r.score(), r.n(), r.ciLow(), r.ciHigh());
    }
    o.flush();
    if (out != null) {
      write(results, out);
    }
    return ExitCode.OK;
  }

  private static void write(List<EvaluationResult> results, Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir);
    ObjectNode summary = json.createObjectNode();
    for (EvaluationResult r : results) {
      ObjectNode node = summary.putObject(r.name()).put("score", r.score()).put("n", r.n())
          .put("ci_low", r.ciLow()).put("ci_high", r.ciHigh());
      r.subScores().forEach(node.putObject("sub_scores")::put);
      List<String> lines = new ArrayList<>();
      for (ItemRecord item : r.items()) {
        lines.add(json.writeValueAsString(item));
      }
      Files.write(dir.resolve(r.name() + ".items.jsonl"), lines);
    }
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(), summary);
  }
}
