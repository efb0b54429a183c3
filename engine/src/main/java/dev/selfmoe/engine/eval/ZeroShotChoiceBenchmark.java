package dev.selfmoe.engine.eval;

import java.util.List;
import java.util.Map;

/** A multiple-choice task the harness runs without exemplars, whatever shots are asked for. */
public abstract class ZeroShotChoiceBenchmark<D extends Benchmark.Doc> extends ChoiceBenchmark<D> {
  /** The name of the per-character sub-score that {@link #judgeAccAndAccNorm} records. */
  public static final String ACC_NORM = "acc_norm";

  protected ZeroShotChoiceBenchmark(String name, List<D> docs) {
    super(name, docs);
  }

  @Override
  public final int defaultShots() {
    return 0;
  }

  @Override
  protected final int maxShots() {
    return 0;
  }

  /**
   * The harness's {@code acc} (highest summed log-likelihood) with {@code acc_norm} (highest per character of the
   * choice's text) as a sub-score, for choices continued after a space.
   */
  protected ItemRecord judgeAccAndAccNorm(D doc, String prompt, double[] logProbs, List<String> choices, int gold) {
    int best = argmax(logProbs);
    boolean norm = argmaxPerCharacter(logProbs, choices) == gold;
    return ItemRecord.exact(doc.id(), doc.group(), prompt, " " + choices.get(best), String.valueOf(best),
            String.valueOf(gold), best == gold)
        .withMetrics(Map.of(ACC_NORM, norm ? 1.0 : 0.0));
  }
}
