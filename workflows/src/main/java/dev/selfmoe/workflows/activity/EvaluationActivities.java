package dev.selfmoe.workflows.activity;

import io.temporal.activity.ActivityInterface;

/** Scores a variant on a benchmark and stores the result, its items and (for mixtures) routing statistics. */
@ActivityInterface
public interface EvaluationActivities {
  EvaluationSummary evaluate(EvaluateRequest request);
}
