package dev.selfmoe.workflows.spec;

/** Optimiser settings shared by expert and router training; defaults are the paper's (METHOD.md §3). */
public record TrainingSpec(
    double learningRate,
    int epochs,
    int batchSize,
    int microBatchSize,
    int maxLength,
    int maxSteps,
    int warmupSteps,
    String schedule,
    long seed,
    int checkpointEvery) {

  static TrainingSpec read(SpecNode n) {
    String schedule = n.text("schedule", "constant");
    if (!schedule.equals("constant") && !schedule.equals("cosine")) {
      throw new SpecException(n.path("schedule") + ": must be constant or cosine, got " + schedule);
    }
    TrainingSpec t = new TrainingSpec(
        n.number("learning_rate", 3e-4, 1e-9, 1),
        n.integer("epochs", 3, 1, 1000),
        n.integer("batch_size", 32, 1, 1 << 16),
        n.integer("micro_batch_size", 4, 1, 1 << 16),
        n.integer("max_length", 512, 8, 1 << 20),
        n.integer("max_steps", 0, 0, Integer.MAX_VALUE),
        n.integer("warmup_steps", 0, 0, Integer.MAX_VALUE),
        schedule,
        n.longValue("seed", 42),
        n.integer("checkpoint_every", 20, 1, Integer.MAX_VALUE));
    if (t.microBatchSize > t.batchSize) {
      throw new SpecException(n.path("micro_batch_size") + ": must not exceed batch_size (" + t.batchSize + "), got "
          + t.microBatchSize);
    }
    return t;
  }
}
