package dev.selfmoe.workflows.recipe;

/** The kinds of artifact the store holds. */
public final class ArtifactKinds {
  public static final String SYNTHETIC_DATA = "synthetic-data";
  public static final String SEED_DATA = "seed-data";
  public static final String ADAPTER = "adapter";
  public static final String MIXTURE = "mixture";
  public static final String MERGED = "merged";
  public static final String EVALUATION = "eval-records";
  public static final String ROUTING_ANALYSIS = "routing-analysis";

  private ArtifactKinds() {}
}
