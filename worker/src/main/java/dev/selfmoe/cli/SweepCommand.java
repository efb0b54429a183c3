package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.ui.view.SiteLinks;
import dev.selfmoe.worker.ExperimentStarter;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import dev.selfmoe.workflows.spec.SweepCell;
import dev.selfmoe.workflows.spec.SweepSpec;
import dev.selfmoe.workflows.sweep.SweepInput;
import dev.selfmoe.workflows.sweep.SweepResult;
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

/** Runs an ablation grid; running it again with more cells extends it, recomputing nothing already made. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run a sweep spec (a base experiment plus grids/axes) as one Temporal workflow.")
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin PlatformOptions platform;
  @Mixin ResultsSiteOptions site;

  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The sweep spec (see examples/ablations.yaml).")
  Path specFile;

  @Option(names = "--no-worker", description = "Don't run a worker in this process.")
  boolean noWorker;

  @Option(names = "--detach", description = "Print the sweep id once started and return.")
  boolean detach;

  @Override
  public Integer call() throws Exception {
    JsonNode tree = SpecFile.read(specFile);
    SweepSpec sweep = SpecReader.sweep(tree);
    if (!noWorker) {
      sweep.cells().forEach(c -> Preflight.check(c.spec(), platform.data));
    }
    System.err.println("selfmoe: sweep " + sweep.name() + " has " + sweep.cells().size() + " cells: "
        + String.join("; ", sweep.cells().stream().map(SweepCell::label).toList()));
    List<String> queues = noWorker ? List.of() : List.of(QueueSpec.CPU, QueueSpec.GPU);
    try (Session session = Session.open(platform, true, queues, System.err)) {
      String id = ExperimentStarter.sweepId(sweep.name());
      WorkflowStub stub = ExperimentStarter.startSweep(session.platform.client(),
          new SweepInput(sweep.name(), tree.toString(), sweep.cells()), id);
      if (detach) {
        command.commandLine().getOut().println(id);
        return ExitCode.OK;
      }
      session.serveResultsFor(site, SiteLinks.sweep(id), System.err);
      Progress.follow(session.platform.client(), stub, SweepResult.class, command.commandLine().getErr(), false);
      Reports.sweep(session.platform.database(), id, command.commandLine().getOut(), "table");
    }
    return ExitCode.OK;
  }
}
