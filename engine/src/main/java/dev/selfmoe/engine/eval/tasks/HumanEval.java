package dev.selfmoe.engine.eval.tasks;

import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.code.HumanEvalProblem;
import dev.selfmoe.engine.eval.code.HumanEvalSet;
import dev.selfmoe.engine.eval.code.HumanEvalTask;
import dev.selfmoe.engine.eval.code.PythonSandbox;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HumanEval 0-shot pass@1 as lm-evaluation-harness's {@code humaneval}: greedy completion of the unstripped prompt
 * up to 1024 tokens, run with its tests in the sandbox (see {@link HumanEvalTask}).
 */
public final class HumanEval extends GenerationBenchmark<HumanEval.Problem> {
  public static final String NAME = "humaneval";

  public record Problem(HumanEvalProblem problem) implements Benchmark.Doc {
    @Override
    public String id() {
      return problem.taskId();
    }

    @Override
    public String group() {
      return NAME;
    }
  }

  private PythonSandbox sandbox;

  private HumanEval(List<Problem> problems) {
    super(NAME, problems);
  }

  /** @param dir the HumanEval folder holding {@code HumanEval.jsonl.gz} */
  public static HumanEval load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    return new HumanEval(HumanEvalSet.load(dir.resolve("HumanEval.jsonl.gz")).stream().map(Problem::new).toList());
  }

  @Override
  public int defaultShots() {
    return 0;
  }

  @Override
  protected int maxShots() {
    return 0;
  }

  @Override
  public String prompt(Problem p, int shots, EvalOptions options) {
    return HumanEvalTask.prompt(p.problem());
  }

  @Override
  public List<String> stopStrings() {
    return HumanEvalTask.STOP_SEQUENCES;
  }

  /** lm-evaluation-harness's {@code max_gen_toks} for this task. */
  @Override
  public int defaultMaxNewTokens() {
    return 1024;
  }

  @Override
  public synchronized ItemRecord judge(Problem p, String prompt, String output) {
    if (sandbox == null) {
      sandbox = new PythonSandbox(); // started on first use: loading the data must not probe namespaces
    }
    String completion = HumanEvalTask.postprocess(output);
    boolean passed = sandbox.run(HumanEvalTask.program(p.problem(), output)).passed();
    return ItemRecord.exact(p.id(), NAME, prompt, output, completion, "passes its tests", passed)
        .withMetrics(Map.of(PythonSandbox.ISOLATION_METRIC, sandbox.networkIsolated() ? 1.0 : 0.0));
  }
}
