package dev.selfmoe.workflows.domain;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Generate → filter → train: one self-specialized expert. */
@WorkflowInterface
public interface DomainWorkflow {
  @WorkflowMethod
  DomainResult run(DomainInput input);
}
