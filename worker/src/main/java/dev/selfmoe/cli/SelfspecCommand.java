package dev.selfmoe.cli;

import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.selfspec.Domain;
import dev.selfmoe.engine.selfspec.DomainBrief;
import dev.selfmoe.engine.selfspec.Seed;
import dev.selfmoe.engine.selfspec.SeedFiles;
import dev.selfmoe.engine.selfspec.SeedSets;
import dev.selfmoe.engine.selfspec.SelfSpecializer;
import dev.selfmoe.engine.selfspec.SpecializationOptions;
import dev.selfmoe.engine.selfspec.SpecializationProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The base model writes a domain's training data for itself, from a hundred seed examples. */
@Command(name = "selfspec", mixinStandardHelpOptions = true,
    description = "Self-specialization: generate, answer and filter synthetic instructions for one domain (JSONL).")
final class SelfspecCommand implements Callable<Integer> {
  @Mixin ModelOption model;

  @Option(names = "--domain", required = true, description = "knowledge, reasoning, math or coding.")
  String domain;

  @Option(names = "--samples", defaultValue = "5000", description = "Items to keep (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--out", required = true, paramLabel = "FILE.jsonl",
      description = "Output; a rerun continues an interrupted run from its cursor file. The seeds used are written"
          + " to FILE.jsonl.seeds.jsonl (for eval --exclude-seeds).")
  Path out;

  @Option(names = "--seeds", paramLabel = "FILE.jsonl", description = "Your own seeds instead of drawing them.")
  Path seeds;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:SELFMOE_DATA:-data}",
      description = "Benchmark data root the seeds are drawn from (default: $SELFMOE_DATA or ./data).")
  Path data;

  @Option(names = "--seed-count", defaultValue = "100", description = "Seeds to draw (default ${DEFAULT-VALUE}).")
  int seedCount;

  @Option(names = "--briefs", paramLabel = "DIR",
      description = "Directory with <domain>.brainstorm.txt / <domain>.response.txt replacing the built-in prompts.")
  Path briefs;

  @Option(names = "--seed", defaultValue = "0", description = "Sampling and seed-draw seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--batch-size", defaultValue = "8", description = "Prompts per generation batch (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--max-rounds", paramLabel = "N",
      description = "Stop after N generation rounds even if --samples is not reached (default: engine's).")
  Integer maxRounds;

  @Option(names = "--max-new-tokens", arity = "2", paramLabel = "N",
      description = "Token budgets for brainstorming and for responses.")
  int[] tokens;

  @Option(names = "--no-format-checks", description = "Keep items that break the domain's format rules.")
  boolean noFormatChecks;

  @Override
  public Integer call() {
    Domain d = Domain.parse(domain);
    List<Seed> seedSet;
    if (seeds != null) {
      seedSet = SeedSets.read(seeds);
    } else {
      if (!Files.isDirectory(data)) {
        throw new UserInputException("benchmark data not found at " + data.toAbsolutePath()
            + " (pass --data DIR, set SELFMOE_DATA, or give --seeds FILE.jsonl)");
      }
      seedSet = SeedSets.draw(d, data, seedCount, seed);
    }
    DomainBrief brief = briefs == null ? DomainBrief.defaults(d) : DomainBrief.load(d, briefs);
    SpecializationOptions options = SpecializationOptions.defaults(samples, seed).withBatchSize(batchSize)
        .withFormatChecks(!noFormatChecks);
    if (maxRounds != null) {
      options = options.withMaxRounds(maxRounds);
    }
    if (tokens != null) {
      options = options.withTokens(tokens[0], tokens[1]);
    }
    try (LanguageModel lm = model.load()) {
      SpecializationProgress done = new SelfSpecializer(lm, brief, seedSet, options).run(out, this::report);
      System.err.printf("wrote %s: %d kept, %d dropped (%s) in %d rounds; seed ids in %s%n", out, done.kept(),
          done.droppedTotal(), reasons(done), done.roundsDone(), SeedFiles.pathFor(out));
    }
    return ExitCode.OK;
  }

  private void report(SpecializationProgress p) {
    int width = 24;
    int filled = (int) Math.min(width, (long) width * p.kept() / Math.max(1, p.target()));
    System.err.printf("selfspec %s [%s%s] kept %d/%d, dropped %d (%s)%n", domain, "#".repeat(filled),
        " ".repeat(width - filled), p.kept(), p.target(), p.droppedTotal(), reasons(p));
  }

  private static String reasons(SpecializationProgress p) {
    return p.dropped().entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
