package dev.selfmoe.engine.selfspec;

import dev.selfmoe.engine.EngineException;

/**
 * How a self-specialization run samples and filters. The defaults follow the paper: 3 seeds in the brainstorm
 * context sampled at temperature 1.0 and top-p 0.98, 5 solved seeds in the response context decoded greedily.
 *
 * @param target kept items to produce
 * @param batchSize brainstorm prompts per round (one generation batch)
 * @param maxRounds rounds after which a run stops even short of the target, so a weak model cannot loop forever
 * @param checkFormat whether domain-format violations are dropped (off only to inspect raw output)
 * @param threshold ROUGE-L above which an item counts as a near duplicate
 */
public record SpecializationOptions(
    int target,
    int batchSize,
    int brainstormSeeds,
    int responseSeeds,
    int brainstormTokens,
    int responseTokens,
    double temperature,
    double topP,
    long seed,
    int maxRounds,
    boolean checkFormat,
    double threshold) {

  public SpecializationOptions {
    if (target < 1 || batchSize < 1 || maxRounds < 1) {
      throw new EngineException("target, batch size and max rounds must be >= 1");
    }
    if (brainstormSeeds < 0 || responseSeeds < 0 || brainstormTokens < 1 || responseTokens < 1) {
      throw new EngineException("in-context seed counts must be >= 0 and token budgets >= 1");
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new EngineException("ROUGE-L threshold must be in (0, 1], got " + threshold);
    }
  }

  public static SpecializationOptions defaults(int target, long seed) {
    return new SpecializationOptions(target, 16, 3, 5, 256, 512, 1.0, 0.98, seed,
        Math.max(10, target), true, SampleFilter.DEFAULT_THRESHOLD);
  }

  public SpecializationOptions withBatchSize(int b) {
    return new SpecializationOptions(target, b, brainstormSeeds, responseSeeds, brainstormTokens, responseTokens,
        temperature, topP, seed, maxRounds, checkFormat, threshold);
  }

  public SpecializationOptions withTokens(int brainstorm, int response) {
    return new SpecializationOptions(target, batchSize, brainstormSeeds, responseSeeds, brainstorm, response,
        temperature, topP, seed, maxRounds, checkFormat, threshold);
  }

  public SpecializationOptions withMaxRounds(int rounds) {
    return new SpecializationOptions(target, batchSize, brainstormSeeds, responseSeeds, brainstormTokens,
        responseTokens, temperature, topP, seed, rounds, checkFormat, threshold);
  }

  public SpecializationOptions withFormatChecks(boolean on) {
    return new SpecializationOptions(target, batchSize, brainstormSeeds, responseSeeds, brainstormTokens,
        responseTokens, temperature, topP, seed, maxRounds, on, threshold);
  }

  /** Everything that changes which items a round produces; a resumed run must match it. */
  String fingerprint(Domain domain, String seedIds) {
    return domain.id() + "|" + batchSize + "|" + brainstormSeeds + "|" + responseSeeds + "|" + brainstormTokens + "|"
        + responseTokens + "|" + temperature + "|" + topP + "|" + seed + "|" + checkFormat + "|" + threshold + "|"
        + Integer.toHexString(seedIds.hashCode());
  }
}
