package dev.selfmoe.activities;

import dev.selfmoe.activities.data.DataActivitiesImpl;
import dev.selfmoe.activities.training.TrainingActivitiesImpl;
import dev.selfmoe.workflows.activity.DataActivities;
import dev.selfmoe.workflows.activity.TrainingActivities;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import java.util.List;

/**
 * Artifacts several test classes build on, made through the activities themselves on first use and found in the run's
 * store afterwards: seed-only data for two domains from short seed files, an expert per domain, and their trained
 * mixture.
 */
public final class SharedArtifacts {
  public static final ExperimentSpec SPEC = TinySpec.withShortSeeds(1);
  public static final String EXPERIMENT = "shared";
  public static final List<String> DOMAINS = List.of("math", "knowledge");

  private SharedArtifacts() {}

  public static ArtifactRef data(WorkerResources r, String domain) {
    try (ActivityEnv env = new ActivityEnv(new DataActivitiesImpl(r))) {
      return env.stub(DataActivities.class).synthesize(TinySpec.synthesize(SPEC, EXPERIMENT, domain, true));
    }
  }

  public static List<ArtifactRef> data(WorkerResources r) {
    return DOMAINS.stream().map(d -> data(r, d)).toList();
  }

  public static ArtifactRef expert(WorkerResources r, String domain) {
    ArtifactRef data = data(r, domain);
    try (ActivityEnv env = new ActivityEnv(new TrainingActivitiesImpl(r))) {
      return env.stub(TrainingActivities.class)
          .trainAdapter(TinySpec.adapter(SPEC, EXPERIMENT, "expert:" + domain, List.of(data)));
    }
  }

  public static List<ArtifactRef> experts(WorkerResources r) {
    return DOMAINS.stream().map(d -> expert(r, d)).toList();
  }

  /** The router trained over both experts, top-1. */
  public static ArtifactRef mixture(WorkerResources r) {
    List<ArtifactRef> experts = experts(r);
    try (ActivityEnv env = new ActivityEnv(new TrainingActivitiesImpl(r))) {
      return env.stub(TrainingActivities.class)
          .trainMixture(TinySpec.mixture(SPEC, EXPERIMENT, experts, DOMAINS, 0, data(r), 1, false));
    }
  }
}
