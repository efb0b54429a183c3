package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.FewShot;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GSM8K as the harness's {@code gsm8k_cot}: the 8 Wei et al. exemplars, greedy until {@code Q:}. The headline is
 * {@code strict-match}; {@code flexible-extract} is a sub-score.
 */
public final class Gsm8k extends GenerationBenchmark<Gsm8k.Problem> {
  public static final String NAME = "gsm8k";
  public static final String FLEXIBLE = "flexible-extract";

  public record Problem(String id, String group, String question, String answer) implements Benchmark.Doc {}

  public record Exemplar(String question, String target) {}

  private final List<Exemplar> exemplars;

  private Gsm8k(List<Problem> test, List<Exemplar> exemplars) {
    super(NAME, test);
    this.exemplars = exemplars;
  }

  /** @param dir the GSM8K folder holding {@code test.jsonl} and {@code cot-exemplars.jsonl} */
  public static Gsm8k load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    Path testFile = dir.resolve("test.jsonl");
    List<Problem> test = new ArrayList<>();
    List<JsonNode> rows = DataFiles.jsonLines(testFile, NAME);
    for (int i = 0; i < rows.size(); i++) {
      test.add(new Problem("test/" + i, NAME, DataFiles.field(rows.get(i), "question", testFile),
          Gsm8kAnswers.gold(DataFiles.field(rows.get(i), "answer", testFile))));
    }
    Path exFile = dir.resolve("cot-exemplars.jsonl");
    List<Exemplar> ex = DataFiles.jsonLines(exFile, NAME).stream()
        .map(r -> new Exemplar(DataFiles.field(r, "question", exFile), DataFiles.field(r, "target", exFile)))
        .toList();
    return new Gsm8k(test, ex);
  }

  @Override
  public int defaultShots() {
    return 8;
  }

  @Override
  protected int maxShots() {
    return exemplars.size();
  }

  @Override
  public String prompt(Problem p, int shots, EvalOptions options) {
    StringBuilder b = new StringBuilder();
    for (Exemplar e : FewShot.pick(exemplars, shots, options.fewShotSeed(), p.id(), "gsm8k/cot-exemplars.jsonl")) {
      b.append("Q: ").append(e.question()).append("\nA: ").append(e.target()).append("\n\n");
    }
    return b.append("Q: ").append(p.question()).append("\nA:").toString();
  }

  @Override
  public List<String> stopStrings() {
    return List.of("Q:", "</s>", "<|im_end|>");
  }

  @Override
  public int defaultMaxNewTokens() {
    return 256;
  }

  @Override
  public ItemRecord judge(Problem p, String prompt, String output) {
    String strict = Gsm8kAnswers.strict(output);
    boolean flexible = Gsm8kAnswers.matches(Gsm8kAnswers.flexible(output), p.answer());
    return ItemRecord.exact(p.id(), p.group(), prompt, output, strict, p.answer(),
            Gsm8kAnswers.matches(strict, p.answer()))
        .withMetrics(Map.of(FLEXIBLE, flexible ? 1.0 : 0.0));
  }
}
