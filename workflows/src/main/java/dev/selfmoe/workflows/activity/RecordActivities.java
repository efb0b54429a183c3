package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Bookkeeping in the database: quick, on the light queue. */
@ActivityInterface
public interface RecordActivities {
  void startExperiment(ExperimentStart start);

  void registerSweep(String sweepId, String name, String specJson);

  /** Links artifacts the experiment uses under roles such as {@code expert:math}, {@code router}, {@code merged:ties}. */
  void linkArtifacts(String experimentId, List<RoleArtifact> artifacts);

  /** The paper's Fig. 3 for this experiment's mixture evaluations: routing weights per benchmark and expert. */
  ArtifactRef analyzeRouting(String experimentId, List<String> evaluationKeys);

  void finishExperiment(String experimentId, String status);
}
