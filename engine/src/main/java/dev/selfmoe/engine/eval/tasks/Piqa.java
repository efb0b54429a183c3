package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.ZeroShotChoiceBenchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PIQA validation as the harness's {@code piqa}, 0-shot: {@code Question: <goal>\nAnswer:} continued by
 * {@code " " + solution}. {@code acc} is the headline; {@code acc_norm} (log-likelihood per character of the
 * solution) is a sub-score.
 */
public final class Piqa extends ZeroShotChoiceBenchmark<Piqa.Goal> {
  public static final String NAME = "piqa";

  public record Goal(String id, String group, String goal, List<String> solutions, int label)
      implements Benchmark.Doc {}

  private Piqa(List<Goal> goals) {
    super(NAME, goals);
  }

  /** @param dir the folder holding {@code valid.jsonl} and the matching {@code valid-labels.lst} */
  public static Piqa load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    Path file = dir.resolve("valid.jsonl");
    Path labelFile = dir.resolve("valid-labels.lst");
    List<JsonNode> rows = DataFiles.jsonLines(file, NAME);
    String[] labels = DataFiles.text(labelFile, NAME).strip().split("\n");
    if (labels.length != rows.size()) {
      throw new EngineException(labelFile + " has " + labels.length + " labels for " + rows.size() + " rows in "
          + file);
    }
    List<Goal> goals = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      goals.add(new Goal("valid/" + i, NAME, DataFiles.field(r, "goal", file),
          List.of(DataFiles.field(r, "sol1", file), DataFiles.field(r, "sol2", file)),
          label(labels[i], labelFile, i + 1)));
    }
    return new Piqa(goals);
  }

  private static int label(String text, Path file, int line) {
    String t = text.strip();
    if (!t.equals("0") && !t.equals("1")) {
      throw new EngineException(file.toAbsolutePath() + " line " + line + ": label must be 0 or 1, got '" + t + "'");
    }
    return Integer.parseInt(t);
  }

  @Override
  public String prompt(Goal g, int shots, EvalOptions options) {
    return "Question: " + g.goal() + "\nAnswer:";
  }

  @Override
  public List<String> continuations(Goal g) {
    return g.solutions().stream().map(s -> " " + s).toList();
  }

  @Override
  public ItemRecord judge(Goal g, String prompt, double[] logProbs) {
    return judgeAccAndAccNorm(g, prompt, logProbs, g.solutions(), g.label());
  }
}
