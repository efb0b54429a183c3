package dev.selfmoe.engine.selfspec;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import dev.selfmoe.engine.model.LanguageModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Self-specialization of one domain (METHOD.md §2): in rounds, the base model brainstorms new instructions from 3
 * random seeds, answers each with 5 solved seeds in context, and the filter keeps what is new and well-formed.
 *
 * <p>Round r draws everything from a seed derived from (seed, r), so a run is deterministic, and a round's kept items
 * are appended to the output before the cursor records the round as done. A rerun on the same output resumes after
 * the last committed round and produces the same file as a run that was never interrupted. The seed set is kept
 * beside the output ({@link SeedFiles#pathFor}).
 */
public final class SelfSpecializer {
  private final LanguageModel model;
  private final Generator generator;
  private final DomainBrief brief;
  private final List<Seed> seeds;
  private final SpecializationOptions options;

  public SelfSpecializer(LanguageModel model, DomainBrief brief, List<Seed> seeds, SpecializationOptions options) {
    if (seeds.isEmpty()) {
      throw new EngineException(brief.domain().id() + ": self-specialization needs at least one seed");
    }
    this.model = model;
    this.generator = new Generator(model);
    this.brief = brief;
    this.seeds = List.copyOf(seeds);
    this.options = options;
  }

  /** Runs to the target (or max rounds). */
  public SpecializationProgress run(Path output, Consumer<SpecializationProgress> progress) {
    return run(output, Integer.MAX_VALUE, progress);
  }

  /** Runs at most {@code roundBudget} further rounds, resuming from the output's cursor when there is one. */
  public SpecializationProgress run(Path output, int roundBudget, Consumer<SpecializationProgress> progress) {
    Path cursorFile = SpecializationCursor.pathFor(output);
    String fingerprint = options.fingerprint(brief.domain(),
        String.join(",", seeds.stream().map(Seed::id).toList()));
    SampleFilter filter = new SampleFilter(brief.domain(), seeds, options.checkFormat(), options.threshold());
    SpecializationCursor cursor = resume(output, cursorFile, fingerprint, filter);
    // After resume has checked the seeds against the cursor, so a mismatched rerun cannot replace the record.
    SeedFiles.write(SeedFiles.pathFor(output), seeds);
    Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      dropped.put(r, cursor.dropped().getOrDefault(r, 0));
    }
    int round = cursor.roundsDone();
    int kept = cursor.kept();
    for (int done = 0; done < roundBudget && kept < options.target() && round < options.maxRounds(); done++) {
      List<SyntheticRecord> fresh = round(round, filter, dropped, options.target() - kept);
      append(output, fresh);
      kept += fresh.size();
      round++;
      new SpecializationCursor(fingerprint, round, kept, dropped).write(cursorFile);
      if (progress != null) {
        progress.accept(new SpecializationProgress(round, kept, dropped, options.target()));
      }
    }
    return new SpecializationProgress(round, kept, dropped, options.target());
  }

  private List<SyntheticRecord> round(int round, SampleFilter filter, Map<DropReason, Integer> dropped, int wanted) {
    long samplingSeed = options.seed() * 1_000_003L + round;
    Random pick = new Random(samplingSeed);
    List<List<Seed>> brainstormShown = new ArrayList<>();
    List<List<Seed>> responseContext = new ArrayList<>();
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < options.batchSize(); i++) {
      PromptFitter.Fitted f = PromptFitter.fit(model, choose(pick, options.brainstormSeeds()),
          options.brainstormTokens(), brief::brainstormPrompt);
      prompts.add(f.ids());
      brainstormShown.add(f.shown());
      // drawn for every slot, parsed or not, so one slot's parse never shifts another slot's seeds
      responseContext.add(choose(pick, options.responseSeeds()));
    }
    GenerationConfig sampling = new GenerationConfig(options.brainstormTokens(), options.temperature(),
        options.topP(), samplingSeed, DomainBrief.BRAINSTORM_STOPS);
    List<Completion> ideas = generator.generate(prompts, sampling);

    List<BrainstormParser.Parsed> parsed = ideas.stream().map(c -> BrainstormParser.parse(c.text())).toList();
    List<Integer> answerable = new ArrayList<>();
    List<int[]> responsePrompts = new ArrayList<>();
    List<List<Seed>> responseShown = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      BrainstormParser.Parsed p = parsed.get(i);
      if (p.instruction() != null) {
        PromptFitter.Fitted f = PromptFitter.fit(model, responseContext.get(i), options.responseTokens(),
            shown -> brief.responsePrompt(shown, p.instruction(), p.input()));
        answerable.add(i);
        responsePrompts.add(f.ids());
        responseShown.add(f.shown());
      }
    }
    List<Completion> answers = generator.generate(responsePrompts,
        GenerationConfig.greedy(options.responseTokens()).withStopStrings(DomainBrief.RESPONSE_STOPS));

    List<SyntheticRecord> fresh = new ArrayList<>();
    for (int i = 0, a = 0; i < parsed.size() && fresh.size() < wanted; i++) {
      BrainstormParser.Parsed p = parsed.get(i);
      boolean answered = a < answerable.size() && answerable.get(a) == i;
      String output = answered ? answers.get(a).text().strip() : null;
      List<Seed> shownForResponse = answered ? responseShown.get(a) : List.of();
      if (answered) {
        a++;
      }
      Optional<DropReason> reason = filter.check(p.instruction(), p.input(), output);
      if (reason.isPresent()) {
        dropped.merge(reason.get(), 1, Integer::sum);
        continue;
      }
      filter.keep(p.instruction(), p.input());
      fresh.add(new SyntheticRecord(p.instruction(), p.input(), output, brief.domain(),
          new Provenance(round, i, samplingSeed, ids(brainstormShown.get(i)), ids(shownForResponse))));
    }
    return fresh;
  }

  private List<Seed> choose(Random pick, int count) {
    List<Seed> pool = new ArrayList<>(seeds);
    List<Seed> out = new ArrayList<>();
    for (int k = 0; k < count && !pool.isEmpty(); k++) {
      out.add(pool.remove(pick.nextInt(pool.size())));
    }
    return out;
  }

  private static List<String> ids(List<Seed> s) {
    return s.stream().map(Seed::id).toList();
  }

  /** Restores the filter's memory of kept items and drops lines a cut-short round left behind its cursor. */
  private static SpecializationCursor resume(Path output, Path cursorFile, String fingerprint, SampleFilter filter) {
    Optional<SpecializationCursor> saved = SpecializationCursor.read(cursorFile);
    if (saved.isEmpty()) {
      if (Files.exists(output) && size(output) > 0) {
        throw new EngineException(output + ": exists without its cursor " + cursorFile.getFileName()
            + "; move it away or delete it to start a new run");
      }
      return new SpecializationCursor(fingerprint, 0, 0, new EnumMap<>(DropReason.class));
    }
    SpecializationCursor c = saved.get();
    if (!c.fingerprint().equals(fingerprint)) {
      throw new EngineException(cursorFile + ": written by a run with other settings or seeds; use a new output");
    }
    List<String> lines = Files.exists(output) ? readLines(output) : List.of();
    if (lines.size() < c.kept()) {
      throw new EngineException(output + ": has " + lines.size() + " records but its cursor says " + c.kept());
    }
    for (int i = 0; i < c.kept(); i++) {
      SyntheticRecord r = SyntheticRecord.parse(lines.get(i), output + ":" + (i + 1));
      filter.keep(r.instruction(), r.input());
    }
    if (lines.size() > c.kept()) {
      rewrite(output, lines.subList(0, c.kept()));
    }
    return c;
  }

  private static void append(Path output, List<SyntheticRecord> records) {
    try (FileChannel ch = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      StringBuilder s = new StringBuilder();
      records.forEach(r -> s.append(r.toJsonLine()).append('\n'));
      ch.write(StandardCharsets.UTF_8.encode(s.toString()));
      ch.force(true);
    } catch (IOException e) {
      throw new EngineException(output + ": cannot append (" + e.getMessage() + ")");
    }
  }

  private static void rewrite(Path output, List<String> lines) {
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    } catch (IOException e) {
      throw new EngineException(output + ": cannot rewrite (" + e.getMessage() + ")");
    }
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new EngineException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new EngineException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
