package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.FewShot;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MATH as the harness's {@code minerva_math} tasks over the full 5000-problem test split: the 4 Minerva exemplars,
 * greedy until {@code Problem:}, the final-answer sentence extracted and normalised (see {@link MinervaAnswers}).
 * Groups are the seven subjects.
 */
public final class MathBench extends GenerationBenchmark<MathBench.Problem> {
  public static final String NAME = "math";

  /** @param answer the normalised gold answer */
  public record Problem(String id, String group, String problem, String answer) implements Benchmark.Doc {}

  public record Exemplar(String problem, String solution) {}

  private final List<Exemplar> exemplars;

  private MathBench(List<Problem> test, List<Exemplar> exemplars) {
    super(NAME, test);
    this.exemplars = exemplars;
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
    return new MathBench(test, ex);
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
  public ItemRecord judge(Problem p, String prompt, String output) {
    String answer = MinervaAnswers.extract(output);
    return ItemRecord.exact(p.id(), p.group(), prompt, output, answer, p.answer(),
        MinervaAnswers.equivalent(answer, p.answer()));
  }
}
