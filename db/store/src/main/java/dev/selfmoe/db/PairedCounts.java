package dev.selfmoe.db;

/**
 * A variant against base on the same benchmark items (matched by item id within each few-shot draw): how many items
 * were paired, how many only the variant got right ({@code gained}), how many only base did ({@code lost}), and
 * McNemar's exact two-sided p of that split, as the {@code paired_vs_base} view computes them.
 */
public record PairedCounts(String variant, String benchmark, int paired, int gained, int lost, double p) {
  /** The level below which a paired difference counts as significant. */
  public static final double SIGNIFICANCE = 0.05;

  public boolean significant() {
    return p < SIGNIFICANCE;
  }
}
