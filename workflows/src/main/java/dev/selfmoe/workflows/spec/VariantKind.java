package dev.selfmoe.workflows.spec;

/** What a variant evaluates: the baselines and ablations of METHOD.md §5 (Tables 1, 2, 4 and 8). */
public enum VariantKind {
  BASE,
  EXPERT,
  INSTANCE_MERGING,
  TIES,
  DARE,
  MIXSE,
  RANDOM_ROUTING,
  JOINT_TRAINING,
  LAYERWISE_ROUTER,
  SEED_ONLY
}
