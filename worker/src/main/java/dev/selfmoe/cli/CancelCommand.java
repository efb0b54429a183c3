package dev.selfmoe.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Asks a running experiment or sweep to stop; finished artifacts and checkpoints stay for a later resume. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running experiment or sweep.")
final class CancelCommand implements Callable<Integer> {
  @Mixin PlatformOptions platform;

  @Parameters(index = "0", paramLabel = "ID", description = "Experiment or sweep id.")
  String id;

  @Override
  public Integer call() {
    try (Session session = Session.open(platform, true, List.of(), System.err)) {
      try {
        session.platform.client().newUntypedWorkflowStub(id).cancel();
      } catch (io.temporal.client.WorkflowNotFoundException e) {
        throw new UserInputException("no running workflow with id " + id);
      }
      System.err.println("selfmoe: cancellation of " + id + " requested");
    }
    return ExitCode.OK;
  }
}
