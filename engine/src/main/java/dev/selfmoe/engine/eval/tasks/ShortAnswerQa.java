package dev.selfmoe.engine.eval.tasks;

import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.GenerationBenchmark;
import java.util.List;

/** The harness's open-domain QA tasks (nq_open, triviaqa): one short answer, cut at a newline, period or comma. */
abstract class ShortAnswerQa<D extends Benchmark.Doc> extends GenerationBenchmark<D> {

  ShortAnswerQa(String name, List<D> docs) {
    super(name, docs);
  }

  @Override
  public final List<String> stopStrings() {
    return List.of("\n", ".", ",");
  }

  /** The harness default; the stop strings end nearly every answer long before it. */
  @Override
  public final int defaultMaxNewTokens() {
    return 256;
  }
}
