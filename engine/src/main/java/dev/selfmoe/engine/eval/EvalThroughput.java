package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.eval.tasks.Gsm8k;
import dev.selfmoe.engine.eval.tasks.Mmlu;
import dev.selfmoe.engine.model.LanguageModel;

/**
 * Evaluation speed for the benchmark command: MMLU items scored per second (0-shot, four continuations each) and
 * GSM8K items generated per second (8-shot prompts, a capped token budget). Each is timed after a one-batch warm-up.
 */
public final class EvalThroughput {
  public record Result(double mmluItemsPerSecond, int mmluItems, double gsm8kItemsPerSecond, int gsm8kItems,
      int gsm8kMaxNewTokens) {}

  private EvalThroughput() {}

  public static Result measure(LanguageModel lm, BenchmarkRegistry registry, int mmluItems, int gsm8kItems,
      int gsm8kMaxNewTokens, int batchSize) {
    EvaluationRunner runner = new EvaluationRunner(lm);
    EvalOptions base = EvalOptions.defaults().withBatchSize(batchSize).withBootstrap(0, 1);
    Benchmark<?> mmlu = registry.get(Mmlu.NAME);
    Benchmark<?> gsm8k = registry.get(Gsm8k.NAME);
    runner.run(mmlu, base.withLimit(Math.min(batchSize, mmluItems)).withShuffleSeed(99));
    double mmluRate = rate(runner, mmlu, base.withLimit(mmluItems));
    EvalOptions gen = base.withMaxNewTokens(gsm8kMaxNewTokens);
    runner.run(gsm8k, gen.withLimit(Math.min(batchSize, gsm8kItems)).withShuffleSeed(99));
    double gsmRate = rate(runner, gsm8k, gen.withLimit(gsm8kItems));
    return new Result(mmluRate, mmluItems, gsmRate, gsm8kItems, gsm8kMaxNewTokens);
  }

  private static double rate(EvaluationRunner runner, Benchmark<?> b, EvalOptions options) {
    long start = System.nanoTime();
    EvaluationResult r = runner.run(b, options);
    return r.n() / ((System.nanoTime() - start) / 1e9);
  }
}
