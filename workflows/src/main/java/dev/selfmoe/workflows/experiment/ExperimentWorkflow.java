package dev.selfmoe.workflows.experiment;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One Self-MoE experiment: experts per domain, then the variants, then every variant on every benchmark. */
@WorkflowInterface
public interface ExperimentWorkflow {
  @WorkflowMethod
  ExperimentResult run(ExperimentInput input);

  /** Steps done and to do, for {@code selfmoe status}. */
  @QueryMethod
  ExperimentProgress progress();
}
