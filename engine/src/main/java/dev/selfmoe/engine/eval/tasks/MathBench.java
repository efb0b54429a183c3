package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.FewShot;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.Progress;
import dev.selfmoe.engine.eval.data.DataFiles;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * MATH as the harness's {@code minerva_math} tasks over the full 5000-problem test split: the 4 Minerva exemplars,
 * greedy until {@code Problem:}, the final-answer sentence extracted and normalised (see {@link MinervaAnswers}),
 * then judged equal to the gold by sympy ({@link LatexEquivalence}). Groups are the seven subjects. The per-item
 * metric {@code normalised_string_match} also reports plain equality of the normalised strings, which credits
 * answers sympy's parser cannot read (tuples, intervals, text) and the headline metric scores as misses.
 */
public final class MathBench extends GenerationBenchmark<MathBench.Problem> {
  public static final String NAME = "math";

  /** @param answer the normalised gold answer */
  public record Problem(String id, String group, String problem, String answer) implements Benchmark.Doc {}

  public record Exemplar(String problem, String solution) {}

  public static final String STRING_MATCH = "normalised_string_match";

  private final List<Exemplar> exemplars;
  private final LatexEquivalence equivalence;

  private MathBench(List<Problem> test, List<Exemplar> exemplars, LatexEquivalence equivalence) {
    super(NAME, test);
    this.exemplars = exemplars;
    this.equivalence = equivalence;
  }

  /** @param dir the MATH folder holding {@code test.jsonl} and {@code minerva-exemplars.jsonl} */
  public static MathBench load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    Path testFile = dir.resolve("test.jsonl");
    List<Problem> test = new ArrayList<>();
    List<JsonNode> rows = DataFiles.jsonLines(testFile, NAME);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      String gold = MinervaAnswers.gold(DataFiles.field(r, "solution", testFile));
      if (gold == null) {
        throw new EngineException(testFile + " line " + (i + 1) + ": solution has no \\boxed answer");
      }
      test.add(new Problem("test/" + i, DataFiles.field(r, "type", testFile),
          DataFiles.field(r, "problem", testFile), MinervaAnswers.normalize(gold)));
    }
    Path exFile = dir.resolve("minerva-exemplars.jsonl");
    List<Exemplar> ex = DataFiles.jsonLines(exFile, NAME).stream()
        .map(r -> new Exemplar(DataFiles.field(r, "problem", exFile), DataFiles.field(r, "solution", exFile)))
        .toList();
    return new MathBench(test, ex, LatexEquivalence.standard());
  }

  @Override
  public int defaultShots() {
    return 4;
  }

  @Override
  protected int maxShots() {
    return exemplars.size();
  }

  @Override
  public String prompt(Problem p, int shots, EvalOptions options) {
    StringBuilder b = new StringBuilder();
    for (Exemplar e : FewShot.pick(exemplars, shots, options.fewShotSeed(), p.id(), "math/minerva-exemplars.jsonl")) {
      b.append(question(e.problem())).append(' ').append(e.solution()).append("\n\n");
    }
    return b.append(question(p.problem())).toString();
  }

  private static String question(String problem) {
    return "Problem:\n" + problem + "\n\nSolution:";
  }

  @Override
  public List<String> stopStrings() {
    return List.of("Problem:");
  }

  @Override
  public int defaultMaxNewTokens() {
    return 256;
  }

  @Override
  protected List<ItemRecord> evaluate(LanguageModel lm, List<Problem> items, int shots, EvalOptions options,
      Progress done) {
    equivalence.requireAvailable();
    return super.evaluate(lm, items, shots, options, done);
  }

  @Override
  public ItemRecord judge(Problem p, String prompt, String output) {
    return judgeAll(List.of(p), List.of(prompt), List.of(output)).get(0);
  }

  @Override
  protected List<ItemRecord> judgeAll(List<Problem> problems, List<String> prompts, List<String> outputs) {
    List<String> answers = outputs.stream().map(MinervaAnswers::extract).toList();
    List<String> normalised = answers.stream().map(MinervaAnswers::normalize).toList();
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      if (!answers.get(i).equals(MinervaAnswers.INVALID)) {
        pairs.add(new String[] {normalised.get(i), problems.get(i).answer()});
      }
    }
    Iterator<LatexEquivalence.Verdict> verdicts = equivalence.compare(pairs).iterator();
    List<ItemRecord> records = new ArrayList<>(problems.size());
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      String answer = answers.get(i);
      // No answer sentence is a miss without asking sympy (the harness would parse "[invalidanswer]" as symbols).
      boolean valid = !answer.equals(MinervaAnswers.INVALID);
      boolean equal = valid && verdicts.next().equal();
      boolean sameText = valid && normalised.get(i).equals(p.answer());
      records.add(ItemRecord.exact(p.id(), p.group(), prompts.get(i), outputs.get(i), answer, p.answer(), equal)
          .withMetrics(Map.of(STRING_MATCH, sameText ? 1.0 : 0.0)));
    }
    return records;
  }
}
