package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.FewShot;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * NQ-open as the harness's {@code nq_open} task on its 3610-question dev set (the standard test set), 5-shot: the
 * description {@code Answer these questions:}, then exemplars {@code Q: <question>?\nA: <first alias>} separated by
 * single newlines, then the question; greedy until a newline, period or comma; the stripped output matches when it
 * equals any alias after {@link QaNormalizer}. The harness draws shots at random from the NQ train split, which is
 * not in the shared data, so exact prompts cannot be reproduced: shots are drawn here, per item, from the EfficientQA
 * dev questions (also NQ-style, disjoint from the test set), with a fixed default seed.
 */
public final class NaturalQuestions extends ShortAnswerQa<NaturalQuestions.Question> {
  public static final String NAME = "naturalquestions";
  private static final long DEFAULT_DRAW_SEED = 1234;
  private static final String DESCRIPTION = "Answer these questions:\n\n";

  public record Question(String id, String group, String question, List<String> answers) implements Benchmark.Doc {}

  private final List<Question> pool;

  private NaturalQuestions(List<Question> test, List<Question> pool) {
    super(NAME, test);
    this.pool = pool;
  }

  /** @param dir the folder holding {@code NQ-open.dev.jsonl} and {@code NQ-open.efficientqa.dev.1.1.jsonl} */
  public static NaturalQuestions load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    return new NaturalQuestions(read(dir.resolve("NQ-open.dev.jsonl"), "dev/"),
        read(dir.resolve("NQ-open.efficientqa.dev.1.1.jsonl"), "efficientqa/"));
  }

  private static List<Question> read(Path file, String prefix) {
    List<Question> out = new ArrayList<>();
    List<JsonNode> rows = DataFiles.jsonLines(file, NAME);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode a = rows.get(i).get("answer");
      if (a == null || !a.isArray() || a.isEmpty()) {
        throw new EngineException(file + " line " + (i + 1) + ": expected a non-empty 'answer' list");
      }
      List<String> answers = new ArrayList<>();
      a.forEach(n -> answers.add(n.asText()));
      out.add(new Question(prefix + i, NAME, DataFiles.field(rows.get(i), "question", file), answers));
    }
    return out;
  }

  @Override
  public int defaultShots() {
    return 5;
  }

  @Override
  protected int maxShots() {
    return pool.size();
  }

  @Override
  public String prompt(Question q, int shots, EvalOptions options) {
    OptionalLong seed = OptionalLong.of(options.fewShotSeed().orElse(DEFAULT_DRAW_SEED));
    StringBuilder b = new StringBuilder(DESCRIPTION);
    for (Question s : FewShot.pick(pool, shots, seed, q.id(), "NQ-open.efficientqa.dev.1.1.jsonl")) {
      b.append(block(s)).append(' ').append(s.answers().get(0)).append('\n'); // the task's fewshot_delimiter
    }
    return b.append(block(q)).toString();
  }

  private static String block(Question q) {
    return "Q: " + q.question() + "?\nA:";
  }

  public static boolean matchesAny(String prediction, List<String> answers) {
    String p = QaNormalizer.normalize(prediction);
    return answers.stream().anyMatch(a -> QaNormalizer.normalize(a).equals(p));
  }

  @Override
  public ItemRecord judge(Question q, String prompt, String output) {
    String answer = output.stripLeading(); // the harness's whitespace filter; a trailing space makes a miss there too
    return ItemRecord.exact(q.id(), q.group(), prompt, output, answer, String.join(" | ", q.answers()),
        matchesAny(answer, q.answers()));
  }
}
