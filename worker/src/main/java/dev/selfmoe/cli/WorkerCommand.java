package dev.selfmoe.cli;

import dev.selfmoe.workflows.spec.QueueSpec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A worker process: polls its task queues until stopped. Run one per GPU machine with --queue selfmoe-gpu. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a worker on selfmoe-gpu and/or selfmoe-cpu (workflows run on selfmoe-cpu).")
final class WorkerCommand implements Callable<Integer> {
  @Mixin PlatformOptions platform;

  @Option(names = "--queue", paramLabel = "QUEUE", split = ",",
      description = "selfmoe-gpu and/or selfmoe-cpu (default: both).")
  List<String> queues = List.of(QueueSpec.CPU, QueueSpec.GPU);

  @Override
  public Integer call() throws InterruptedException {
    if (platform.temporal == null) {
      throw new UserInputException("a worker needs the Temporal server to poll: pass --temporal HOST:PORT"
          + " (and --db JDBC_URL, --artifacts DIR shared with the other workers)");
    }
    for (String q : queues) {
      if (!q.equals(QueueSpec.CPU) && !q.equals(QueueSpec.GPU)) {
        throw new UserInputException("unknown queue " + q + " (selfmoe-gpu or selfmoe-cpu)");
      }
    }
    try (Session session = Session.open(platform, true, queues, System.err)) {
      System.err.println("selfmoe: worker polling " + String.join(", ", queues) + " at " + platform.temporal);
      session.awaitTermination();
    }
    return ExitCode.OK;
  }
}
