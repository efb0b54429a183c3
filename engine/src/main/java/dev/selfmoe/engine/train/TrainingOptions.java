package dev.selfmoe.engine.train;

import dev.selfmoe.engine.EngineException;

/**
 * Optimisation settings. Defaults are the paper's (lr 3e-4, 3 epochs, batch 32); the effective batch is built from
 * micro-batches with gradient accumulation so it fits in memory.
 *
 * @param schedule "constant" or "cosine", after {@code warmupSteps} of linear warm-up
 * @param checkpointEvery optimizer steps between checkpoints (0: none)
 * @param maxSteps stop after this many optimizer steps (0: run every epoch); used to bound and to interrupt runs
 */
public record TrainingOptions(
    double learningRate,
    int epochs,
    int batchSize,
    int microBatchSize,
    int maxLength,
    int warmupSteps,
    String schedule,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double maxGradNorm,
    long seed,
    int checkpointEvery,
    int maxSteps) {

  public TrainingOptions {
    check(learningRate > 0 && Double.isFinite(learningRate), "learning rate", learningRate);
    check(epochs > 0, "epochs", epochs);
    check(batchSize > 0, "batch size", batchSize);
    check(microBatchSize > 0 && microBatchSize <= batchSize, "micro-batch size (1..batch size)", microBatchSize);
    check(maxLength >= 8, "max length", maxLength);
    check(warmupSteps >= 0, "warm-up steps", warmupSteps);
    check(schedule.equals("constant") || schedule.equals("cosine"), "schedule (constant or cosine)", schedule);
    check(weightDecay >= 0, "weight decay", weightDecay);
    check(maxGradNorm >= 0, "max gradient norm (0: no clipping)", maxGradNorm);
    check(checkpointEvery >= 0, "checkpoint interval", checkpointEvery);
    check(maxSteps >= 0, "max steps", maxSteps);
  }

  private static void check(boolean ok, String what, Object v) {
    if (!ok) {
      throw new EngineException("invalid training option: " + what + " = " + v);
    }
  }

  public static TrainingOptions paperDefaults() {
    return new TrainingOptions(3e-4, 3, 32, 4, 512, 0, "constant", 0.0, 0.9, 0.999, 1e-8, 1.0, 42, 50, 0);
  }

  public TrainingOptions withMaxSteps(int steps) {
    return new TrainingOptions(learningRate, epochs, batchSize, microBatchSize, maxLength, warmupSteps, schedule,
        weightDecay, beta1, beta2, epsilon, maxGradNorm, seed, checkpointEvery, steps);
  }

  /** Learning rate at optimizer step {@code step} (0-based) of {@code total}. */
  public double learningRateAt(int step, int total) {
    if (step < warmupSteps) {
      return learningRate * (step + 1) / warmupSteps;
    }
    if (schedule.equals("constant")) {
      return learningRate;
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, total - warmupSteps);
    return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
  }
}
