package dev.selfmoe.workflows.experiment;

import dev.selfmoe.workflows.activity.EvaluationSummary;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import java.util.List;

/**
 * What an experiment produced. {@code computeSeconds} sums the activities' own work (reused artifacts count 0), the
 * figure orchestration overhead is measured against.
 */
public record ExperimentResult(
    String experimentId, List<ArtifactRef> artifacts, List<EvaluationSummary> evaluations, double computeSeconds) {}
