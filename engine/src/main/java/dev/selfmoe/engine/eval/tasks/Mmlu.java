package dev.selfmoe.engine.eval.tasks;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.ChoiceBenchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.FewShot;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.Csv;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MMLU as the harness's default {@code mmlu} task: per-subject description, lettered choices, log-likelihood of
 * " A".." D"; shots come from the subject's dev rows in file order. Default 0-shot, as the harness and METHOD §6.
 */
public final class Mmlu extends ChoiceBenchmark<Mmlu.Question> {
  public static final String NAME = "mmlu";
  private static final List<String> LETTERS = List.of("A", "B", "C", "D");

  public record Question(String id, String group, String question, List<String> choices, int answer)
      implements Benchmark.Doc {}

  private final Map<String, List<Question>> dev;

  private Mmlu(List<Question> test, Map<String, List<Question>> dev) {
    super(NAME, test);
    this.dev = dev;
  }

  /** @param dir the MMLU data folder holding {@code test/} and {@code dev/} */
  public static Mmlu load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    List<Question> test = new ArrayList<>();
    Map<String, List<Question>> dev = new HashMap<>();
    for (Path f : DataFiles.list(dir.resolve("test"), "_test.csv", NAME)) {
      String subject = f.getFileName().toString().replaceFirst("_test\\.csv$", "");
      test.addAll(read(f, subject));
      dev.put(subject, read(DataFiles.requireFile(dir.resolve("dev").resolve(subject + "_dev.csv"), NAME), subject));
    }
    if (test.isEmpty()) {
      throw new EngineException(NAME + " data missing: no <subject>_test.csv files in " + dir.resolve("test"));
    }
    return new Mmlu(test, dev);
  }

  private static List<Question> read(Path file, String subject) {
    List<Question> out = new ArrayList<>();
    List<List<String>> rows = Csv.parse(DataFiles.text(file, NAME), file.toString());
    for (int i = 0; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      int answer = r.size() == 6 ? LETTERS.indexOf(r.get(5).strip()) : -1;
      if (answer < 0) {
        throw new EngineException(file + " row " + (i + 1) + ": expected question, A, B, C, D, answer letter");
      }
      out.add(new Question(subject + "/" + i, subject, r.get(0), r.subList(1, 5), answer));
    }
    return out;
  }

  @Override
  public int defaultShots() {
    return 0;
  }

  @Override
  protected int maxShots() {
    return 5;
  }

  public static String description(String subject) {
    return "The following are multiple choice questions (with answers) about " + subject.replace('_', ' ') + ".\n\n";
  }

  /** The question block ending in {@code Answer:}; only the question is stripped, as the harness template does. */
  public static String block(Question q) {
    StringBuilder b = new StringBuilder(q.question().strip());
    for (int i = 0; i < 4; i++) {
      b.append('\n').append(LETTERS.get(i)).append(". ").append(q.choices().get(i));
    }
    return b.append("\nAnswer:").toString();
  }

  @Override
  public String prompt(Question q, int shots, EvalOptions options) {
    StringBuilder p = new StringBuilder(description(q.group()));
    List<Question> pool = dev.getOrDefault(q.group(), List.of());
    for (Question s : FewShot.pick(pool, shots, options.fewShotSeed(), q.id(), NAME + " dev/" + q.group())) {
      p.append(block(s)).append(' ').append(LETTERS.get(s.answer())).append("\n\n");
    }
    return p.append(block(q)).toString();
  }

  @Override
  public List<String> continuations(Question q) {
    return LETTERS.stream().map(l -> " " + l).toList();
  }

  @Override
  public ItemRecord judge(Question q, String prompt, double[] logProbs) {
    int best = argmax(logProbs);
    String chosen = LETTERS.get(best);
    return ItemRecord.exact(q.id(), q.group(), prompt, " " + chosen, chosen, LETTERS.get(q.answer()),
        best == q.answer());
  }
}
