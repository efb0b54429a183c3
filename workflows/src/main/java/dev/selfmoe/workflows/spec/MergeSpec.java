package dev.selfmoe.workflows.spec;

/** Weight-merging baselines: TIES keeps {@code tiesDensity} of each update, DARE drops with {@code dareDrop}. */
public record MergeSpec(double tiesDensity, double dareDrop, double lambda, long seed) {
  static MergeSpec read(SpecNode n) {
    return new MergeSpec(n.number("ties_density", 0.5, 1e-6, 1), n.number("dare_drop", 0.5, 0, 0.999),
        n.number("lambda", 1.0, 1e-6, 100), n.longValue("seed", 0));
  }
}
