package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.EngineException;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How to run a benchmark.
 *
 * @param limit items to evaluate after the seeded shuffle; 0 means all
 * @param shots few-shot count; -1 means the benchmark's default
 * @param shuffleSeed orders the items before {@code limit} takes a prefix, so a limited run is a random sample
 * @param fewShotSeed empty keeps the harness's {@code first_n} exemplars; a seed draws them per item instead, for
 *     the robustness runs with different few-shot draws
 * @param bootstrapSeed seeds the confidence-interval resampling
 * @param maxNewTokens generation budget; -1 means the harness default of the benchmark
 * @param batchSize prompts per generate call, or items per scoring call
 * @param excludedIds item ids left out before shuffling (the reasoning seeds drawn from BBH)
 */
public record EvalOptions(
    int limit,
    int shots,
    long shuffleSeed,
    OptionalLong fewShotSeed,
    long bootstrapSeed,
    int bootstrapResamples,
    int maxNewTokens,
    int batchSize,
    Set<String> excludedIds) {

  public EvalOptions {
    if (limit < 0) {
      throw new EngineException("limit must be >= 0 (0 = all items), got " + limit);
    }
    if (shots < -1) {
      throw new EngineException("shots must be >= 0, or -1 for the benchmark default, got " + shots);
    }
    if (batchSize < 1) {
      throw new EngineException("batch size must be >= 1, got " + batchSize);
    }
    if (bootstrapResamples < 1) {
      throw new EngineException("bootstrap resamples must be >= 1, got " + bootstrapResamples);
    }
    excludedIds = Set.copyOf(excludedIds);
  }

  public static EvalOptions defaults() {
    return new EvalOptions(0, -1, 1234, OptionalLong.empty(), 1234, 1000, -1, 8, Set.of());
  }

  public EvalOptions withLimit(int n) {
    return new EvalOptions(n, shots, shuffleSeed, fewShotSeed, bootstrapSeed, bootstrapResamples, maxNewTokens,
        batchSize, excludedIds);
  }

  public EvalOptions withShots(int n) {
    return new EvalOptions(limit, n, shuffleSeed, fewShotSeed, bootstrapSeed, bootstrapResamples, maxNewTokens,
        batchSize, excludedIds);
  }

  public EvalOptions withShuffleSeed(long seed) {
    return new EvalOptions(limit, shots, seed, fewShotSeed, bootstrapSeed, bootstrapResamples, maxNewTokens,
        batchSize, excludedIds);
  }

  public EvalOptions withFewShotSeed(long seed) {
    return new EvalOptions(limit, shots, shuffleSeed, OptionalLong.of(seed), bootstrapSeed, bootstrapResamples,
        maxNewTokens, batchSize, excludedIds);
  }

  public EvalOptions withBootstrap(long seed, int resamples) {
    return new EvalOptions(limit, shots, shuffleSeed, fewShotSeed, seed, resamples, maxNewTokens, batchSize,
        excludedIds);
  }

  public EvalOptions withMaxNewTokens(int n) {
    return new EvalOptions(limit, shots, shuffleSeed, fewShotSeed, bootstrapSeed, bootstrapResamples, n, batchSize,
        excludedIds);
  }

  public EvalOptions withBatchSize(int n) {
    return new EvalOptions(limit, shots, shuffleSeed, fewShotSeed, bootstrapSeed, bootstrapResamples, maxNewTokens,
        n, excludedIds);
  }

  public EvalOptions withExcludedIds(Set<String> ids) {
    return new EvalOptions(limit, shots, shuffleSeed, fewShotSeed, bootstrapSeed, bootstrapResamples, maxNewTokens,
        batchSize, ids);
  }
}
