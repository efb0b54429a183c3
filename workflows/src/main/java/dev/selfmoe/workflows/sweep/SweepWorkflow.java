package dev.selfmoe.workflows.sweep;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A grid of experiments. Experts shared by several cells are made first, once each; the cells then run as child
 * experiments and find them by recipe key. Running a sweep id again with more cells extends it: finished work is
 * found in the artifact store and only the new cells compute.
 */
@WorkflowInterface
public interface SweepWorkflow {
  @WorkflowMethod
  SweepResult run(SweepInput input);
}
