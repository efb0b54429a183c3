package dev.selfmoe.workflows.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.workflows.activity.ActivityStubs;
import dev.selfmoe.workflows.spec.QueueSpec;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded experiment history (base, two experts, TIES and a MiXSE router on stories260K; recorded by the
 * worker module's workflow test with {@code -Dselfmoe.recordHistory=FILE}) against today's workflow code, so a change
 * that would break running experiments fails here. Changing the workflow's steps needs {@code Workflow.getVersion}.
 */
class ExperimentReplayTest {
  private static WorkflowExecutionHistory recorded() throws IOException {
    try (InputStream in = ExperimentReplayTest.class.getResourceAsStream(
        "/histories/experiment-base-experts-ties-mixse.json")) {
      // The recorded run's id: child workflow ids are derived from it.
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), "wf-first");
    }
  }

  @Test
  void recordedExperimentReplaysOnTheCurrentWorkflow() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(recorded(), ExperimentWorkflowImpl.class);
  }

  @Test
  void aWorkflowThatSkipsAStepIsCaughtAsNonDeterministic() {
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> WorkflowReplayer.replayWorkflowExecution(recorded(), SkipsRegistration.class));
    assertTrue(e.getMessage().contains("NonDeterministicException"), e.getMessage());
  }

  /** The experiment workflow as it would be if it no longer registered the experiment first. */
  public static final class SkipsRegistration implements ExperimentWorkflow {
    @Override
    public ExperimentResult run(ExperimentInput input) {
      new ActivityStubs(new QueueSpec(QueueSpec.GPU, QueueSpec.CPU, 60)).records
          .finishExperiment("changed", "completed");
      return null;
    }

    @Override
    public ExperimentProgress progress() {
      return null;
    }
  }
}
