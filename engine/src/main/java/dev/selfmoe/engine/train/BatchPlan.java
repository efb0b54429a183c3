package dev.selfmoe.engine.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The order examples are seen in: each epoch a seeded shuffle, cut into optimizer steps of {@code batchSize}; within a
 * step, examples of similar length share a micro-batch so little compute goes to padding. A position in the plan is
 * all a resumed run needs to continue exactly.
 */
public final class BatchPlan {
  private final List<List<List<TokenizedExample>>> steps = new ArrayList<>();

  public BatchPlan(List<TokenizedExample> examples, TrainingOptions o) {
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      List<TokenizedExample> order = new ArrayList<>(examples);
      java.util.Collections.shuffle(order, new Random(o.seed() * 1_000_003L + epoch));
      for (int start = 0; start < order.size(); start += o.batchSize()) {
        List<TokenizedExample> step = new ArrayList<>(order.subList(start, Math.min(order.size(),
            start + o.batchSize())));
        step.sort(Comparator.comparingInt((TokenizedExample e) -> e.ids().length).thenComparingInt(e -> e.index()));
        List<List<TokenizedExample>> micro = new ArrayList<>();
        for (int m = 0; m < step.size(); m += o.microBatchSize()) {
          micro.add(step.subList(m, Math.min(step.size(), m + o.microBatchSize())));
        }
        steps.add(micro);
      }
    }
  }

  public int size() {
    return steps.size();
  }

  /** Micro-batches of optimizer step {@code step}. */
  public List<List<TokenizedExample>> step(int step) {
    return steps.get(step);
  }
}
