package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.FewShot;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BBH as the harness's {@code bbh_cot_fewshot}: 3-shot chain of thought, greedy until {@code Q} or a blank line,
 * answer taken by the case-sensitive {@code the answer is} regex, exact match with no folding. The headline score
 * is size-weighted over the 27 tasks (the harness group's {@code weight_by_size}); the unweighted task mean is the
 * {@code macro} sub-score.
 */
public final class Bbh extends GenerationBenchmark<Bbh.Example> {
  public static final String NAME = "bbh";
  public static final String INVALID = "[invalid]";
  private static final Pattern ANSWER = Pattern.compile("(?<=the answer is )(.*)(?=.)");

  public record Example(String id, String group, String input, String target) implements Benchmark.Doc {}

  private final Map<String, BbhPrompt> prompts;

  private Bbh(List<Example> examples, Map<String, BbhPrompt> prompts) {
    super(NAME, examples);
    this.prompts = prompts;
  }

  /** @param dir the BBH data folder holding {@code bbh/<task>.json} and {@code cot-prompts/<task>.txt} */
  public static Bbh load(Path dir) {
    Path tasks = DataFiles.requireDir(dir.resolve("bbh"), NAME);
    List<Example> examples = new ArrayList<>();
    Map<String, BbhPrompt> prompts = new LinkedHashMap<>();
    for (Path f : DataFiles.list(tasks, ".json", NAME)) {
      String task = f.getFileName().toString().replaceFirst("\\.json$", "");
      Path cot = dir.resolve("cot-prompts").resolve(task + ".txt");
      prompts.put(task, BbhPrompt.parse(DataFiles.text(cot, NAME), cot.toString()));
      JsonNode rows = DataFiles.json(f, NAME).get("examples");
      if (rows == null || !rows.isArray()) {
        throw new EngineException(f + ": expected an 'examples' array");
      }
      for (int i = 0; i < rows.size(); i++) {
        JsonNode r = rows.get(i);
        examples.add(new Example(itemId(task, i), task, DataFiles.field(r, "input", f),
            DataFiles.field(r, "target", f)));
      }
    }
    if (examples.isEmpty()) {
      throw new EngineException(NAME + " data missing: no <task>.json files in " + tasks);
    }
    return new Bbh(examples, prompts);
  }

  /** The id of the example at {@code index} of {@code bbh/<task>.json}, e.g. {@code navigate/17}. */
  public static String itemId(String task, int index) {
    return task + "/" + index;
  }

  public BbhPrompt taskPrompt(String task) {
    BbhPrompt p = prompts.get(task);
    if (p == null) {
      throw new EngineException("no BBH task '" + task + "'; known: " + prompts.keySet());
    }
    return p;
  }

  @Override
  public int defaultShots() {
    return 3;
  }

  @Override
  protected int maxShots() {
    return 3;
  }

  /** Description, the chosen exemplars and the question; the target delimiter is empty, the few-shot one "\n\n". */
  public String prompt(String task, String input, int shots, EvalOptions options, String id) {
    BbhPrompt p = taskPrompt(task);
    StringBuilder b = new StringBuilder(p.description()).append("\n\n");
    for (BbhPrompt.Exemplar e :
        FewShot.pick(p.exemplars(), shots, options.fewShotSeed(), id, "cot-prompts/" + task + ".txt")) {
      b.append(question(e.input())).append(e.target()).append("\n\n");
    }
    return b.append(question(input)).toString();
  }

  private static String question(String input) {
    return "Q: " + input + BbhPrompt.ANSWER_CUE + "\n";
  }

  @Override
  public String prompt(Example e, int shots, EvalOptions options) {
    return prompt(e.group(), e.input(), shots, options, e.id());
  }

  @Override
  public List<String> stopStrings() {
    return List.of("</s>", "Q", "\n\n");
  }

  @Override
  public int defaultMaxNewTokens() {
    return 1024;
  }

  /** First match of the harness regex, stripped; it drops the line's last character, meant to be the period. */
  public static String extract(String output) {
    Matcher m = ANSWER.matcher(output);
    return m.find() ? m.group(1).strip() : INVALID;
  }

  @Override
  public ItemRecord judge(Example e, String prompt, String output) {
    String answer = extract(output);
    return ItemRecord.exact(e.id(), e.group(), prompt, output, answer, e.target(), answer.equals(e.target()));
  }

  @Override
  protected Map<String, Double> extraSubScores(List<ItemRecord> records) {
    Map<String, double[]> byTask = new TreeMap<>();
    for (ItemRecord r : records) {
      double[] s = byTask.computeIfAbsent(r.group(), k -> new double[2]);
      s[0] += r.score();
      s[1]++;
    }
    double macro = byTask.values().stream().mapToDouble(s -> s[0] / s[1]).average().orElse(Double.NaN);
    return Map.of("macro", macro);
  }
}
