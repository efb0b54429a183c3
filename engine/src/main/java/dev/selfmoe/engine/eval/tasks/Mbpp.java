package dev.selfmoe.engine.eval.tasks;

import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.code.MbppProblem;
import dev.selfmoe.engine.eval.code.MbppSet;
import dev.selfmoe.engine.eval.code.MbppTask;
import dev.selfmoe.engine.eval.code.PythonSandbox;
import dev.selfmoe.engine.eval.data.DataFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MBPP 3-shot pass@1 on the test split as lm-evaluation-harness's {@code mbpp}: greedy code up to [DONE] (at most 256
 * tokens), run against the item's three asserts in the sandbox (see {@link MbppTask}).
 */
public final class Mbpp extends GenerationBenchmark<Mbpp.Problem> {
  public static final String NAME = "mbpp";

  public record Problem(MbppProblem problem) implements Benchmark.Doc {
    @Override
    public String id() {
      return "mbpp/" + problem.taskId();
    }

    @Override
    public String group() {
      return NAME;
    }
  }

  private final MbppTask task;
  private PythonSandbox sandbox;

  private Mbpp(List<Problem> problems, MbppTask task) {
    super(NAME, problems);
    this.task = task;
  }

  /** @param dir the MBPP folder holding {@code mbpp.jsonl} */
  public static Mbpp load(Path dir) {
    DataFiles.requireDir(dir, NAME);
    List<MbppProblem> all = MbppSet.load(dir.resolve("mbpp.jsonl"));
    return new Mbpp(MbppSet.split(all, MbppSet.Split.TEST).stream().map(Problem::new).toList(),
        MbppTask.standard(all));
  }

  @Override
  public int defaultShots() {
    return 3;
  }

  @Override
  protected int maxShots() {
    return 3;
  }

  @Override
  public String prompt(Problem p, int shots, EvalOptions options) {
    return task.prompt(p.problem(), shots);
  }

  @Override
  public List<String> stopStrings() {
    return MbppTask.STOP_SEQUENCES;
  }

  /** The task sets no {@code max_gen_toks}, so the harness default applies. */
  @Override
  public int defaultMaxNewTokens() {
    return 256;
  }

  @Override
  public synchronized ItemRecord judge(Problem p, String prompt, String output) {
    if (sandbox == null) {
      sandbox = new PythonSandbox();
    }
    String code = MbppTask.postprocess(output);
    boolean passed = sandbox.run(MbppTask.program(p.problem(), output)).passed();
    return ItemRecord.exact(p.id(), NAME, prompt, output, code, "passes its tests", passed)
        .withMetrics(Map.of(PythonSandbox.ISOLATION_METRIC, sandbox.networkIsolated() ? 1.0 : 0.0));
  }
}
