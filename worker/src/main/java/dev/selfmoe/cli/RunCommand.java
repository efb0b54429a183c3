package dev.selfmoe.cli;

import dev.selfmoe.ui.view.SiteLinks;
import dev.selfmoe.worker.ExperimentStarter;
import dev.selfmoe.workflows.experiment.ExperimentResult;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one experiment as a durable workflow and prints its Table-1-style result. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run an experiment spec (YAML) as a Temporal workflow; prints the result table at the end.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin PlatformOptions platform;
  @Mixin ResultsSiteOptions site;

  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The experiment spec (see examples/).")
  Path specFile;

  @Option(names = "--no-worker", description = "Don't run a worker in this process (external workers do the work).")
  boolean noWorker;

  @Option(names = "--detach", description = "Print the experiment id once started and return.")
  boolean detach;

  @Override
  public Integer call() throws Exception {
    ExperimentSpec spec = SpecReader.experiment(SpecFile.read(specFile));
    if (!noWorker) {
      Preflight.check(spec, platform.data);
    }
    List<String> queues = noWorker ? List.of() : List.of(QueueSpec.CPU, QueueSpec.GPU);
    try (Session session = Session.open(platform, true, queues, System.err)) {
      String id = ExperimentStarter.experimentId(spec);
      WorkflowStub stub = ExperimentStarter.startExperiment(session.platform.client(), spec, id);
      System.err.println("selfmoe: experiment " + id + " running");
      if (detach) {
        command.commandLine().getOut().println(id);
        return ExitCode.OK;
      }
      session.serveResultsFor(site, SiteLinks.experiment(id), System.err);
      long start = System.nanoTime();
      ExperimentResult result = Progress.follow(session.platform.client(), stub, ExperimentResult.class,
          command.commandLine().getErr(), true);
      double wall = (System.nanoTime() - start) / 1e9;
      Reports.experiment(session.platform.database(), id, command.commandLine().getOut(), "table");
      System.err.printf("selfmoe: %s done in %.1f s (activities' own compute %.1f s)%n", id, wall,
          result.computeSeconds());
    }
    return ExitCode.OK;
  }
}
