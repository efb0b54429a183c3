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
import dev.selfmoe.engine.selfspec.Domain;
import dev.selfmoe.engine.selfspec.SeedFiles;
import dev.selfmoe.engine.selfspec.SeedSets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores a model (base, adapter, MiXSE or merged) on benchmarks the way the standard harnesses do. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate on benchmarks; prints score, n and a 95%% bootstrap interval per benchmark.")
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

  @Option(names = "--max-new-tokens", paramLabel = "N",
      description = "Generation budget per item (default: each benchmark's harness budget).")
  Integer maxNewTokens;

  @Option(names = "--exclude-seeds", paramLabel = "FILE.jsonl",
      description = "Leave out the BBH items used as reasoning seeds, read from a seed file or a selfspec output.")
  List<Path> excludeSeedFiles = List.of();

  @Option(names = "--exclude-drawn-seeds", paramLabel = "COUNT[:SEED]", converter = DrawnSeeds.Converter.class,
      description = "Leave out the BBH items selfspec --domain reasoning draws as seeds with --seed-count COUNT and"
          + " --seed SEED (default 0) from --data.")
  DrawnSeeds drawnSeeds;

  /** The arguments of a reasoning seed draw, as {@code selfspec} makes it. */
  record DrawnSeeds(int count, long seed) {
    static final class Converter implements CommandLine.ITypeConverter<DrawnSeeds> {
      @Override
      public DrawnSeeds convert(String value) {
        String[] parts = value.split(":", -1);
        try {
          int count = Integer.parseInt(parts[0].strip());
          long seed = parts.length == 2 ? Long.parseLong(parts[1].strip()) : 0;
          if (parts.length <= 2 && count > 0) {
            return new DrawnSeeds(count, seed);
          }
        } catch (NumberFormatException e) {
          // reported below with the expected form
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not COUNT[:SEED] with COUNT > 0");
      }
    }
  }

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
    EvalOptions options = EvalOptions.defaults().withLimit(limit).withShots(shots).withBatchSize(batchSize)
        .withExcludedIds(excludedIds());
    if (fewShotSeed != null) {
      options = options.withFewShotSeed(fewShotSeed);
    }
    if (maxNewTokens != null) {
      options = options.withMaxNewTokens(maxNewTokens);
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
      write(results, selected, options.excludedIds(), out);
    }
    return ExitCode.OK;
  }

  /** BBH item ids of the reasoning seeds named by the exclusion options (METHOD.md §1). */
  private Set<String> excludedIds() {
    Set<String> ids = new TreeSet<>();
    for (Path f : excludeSeedFiles) {
      Set<String> fromFile = SeedSets.evaluatedIds(SeedFiles.ids(f));
      if (fromFile.isEmpty()) {
        throw new UserInputException(f + ": no BBH seed ids (expected ids like bbh/<task>/<index>)");
      }
      ids.addAll(fromFile);
    }
    if (drawnSeeds != null) {
      ids.addAll(SeedSets.drawnIds(Domain.REASONING, data, drawnSeeds.count(), drawnSeeds.seed()));
    }
    if (!ids.isEmpty()) {
      System.err.printf("eval: leaving out %d BBH items used as reasoning seeds%n", ids.size());
    }
    return ids;
  }

  private static void write(List<EvaluationResult> results, List<Benchmark<?>> benchmarks, Set<String> excluded,
      Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir);
    ObjectNode summary = json.createObjectNode();
    for (int i = 0; i < results.size(); i++) {
      EvaluationResult r = results.get(i);
      ObjectNode node = summary.putObject(r.name()).put("score", r.score()).put("n", r.n())
          .put("ci_low", r.ciLow()).put("ci_high", r.ciHigh());
      r.subScores().forEach(node.putObject("sub_scores")::put);
      // The experiment's record of which items the seeds took out of this benchmark.
      List<String> leftOut =
          benchmarks.get(i).docs().stream().map(Benchmark.Doc::id).filter(excluded::contains).toList();
      if (!leftOut.isEmpty()) {
        leftOut.forEach(node.putArray("excluded_ids")::add);
      }
      List<String> lines = new ArrayList<>();
      for (ItemRecord item : r.items()) {
        lines.add(json.writeValueAsString(item));
      }
      Files.write(dir.resolve(r.name() + ".items.jsonl"), lines);
    }
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(), summary);
  }
}
