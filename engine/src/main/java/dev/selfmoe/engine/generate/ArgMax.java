package dev.selfmoe.engine.generate;

/** Greedy choice over a row of logits held in Java. */
public final class ArgMax {
  private ArgMax() {}

  /** Index (within the row) of the largest of {@code logits[offset, offset + n)}; the first on ties, as torch's. */
  public static int of(float[] logits, int offset, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (logits[offset + i] > logits[offset + best]) {
        best = i;
      }
    }
    return best;
  }
}
