package dev.selfmoe.cli;

import dev.selfmoe.engine.train.PromptTemplate;
import dev.selfmoe.engine.train.TrainingOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Optimisation options shared by the training commands; defaults are the paper's. */
final class TrainingOptionsMixin {
  @Option(names = "--lr", defaultValue = "3e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--epochs", defaultValue = "3", description = "Passes over the data (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Examples per optimizer step (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--micro-batch-size", defaultValue = "4",
      description = "Examples per forward pass; gradients accumulate up to --batch-size (default ${DEFAULT-VALUE}).")
  int microBatchSize;

  @Option(names = "--max-length", defaultValue = "512", description = "Tokens per example (default ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(names = "--warmup-steps", defaultValue = "0", description = "Linear warm-up steps (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--schedule", defaultValue = "constant", description = "constant or cosine (default ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "Gradient clipping; 0 turns it off (default ${DEFAULT-VALUE}).")
  double maxGradNorm;

  @Option(names = "--seed", defaultValue = "42", description = "Seed for initialisation and data order (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--checkpoint-every", defaultValue = "50",
      description = "Optimizer steps between checkpoints; a rerun resumes from the last (default ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps (0: all epochs).")
  int maxSteps;

  @Option(names = "--template", arity = "2", paramLabel = "FILE",
      description = "Prompt template files: with-input and without-input forms ({instruction}, {input}).")
  Path[] template;

  TrainingOptions options() {
    return new TrainingOptions(learningRate, epochs, batchSize, microBatchSize, maxLength, warmup, schedule,
        weightDecay, 0.9, 0.999, 1e-8, maxGradNorm, seed, checkpointEvery, maxSteps);
  }

  PromptTemplate promptTemplate() {
    return template == null ? PromptTemplate.DEFAULT : PromptTemplate.read(template[0], template[1]);
  }
}
