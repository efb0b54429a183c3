package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.ui.view.SiteLinks;
import dev.selfmoe.worker.ExperimentStarter;
import dev.selfmoe.workflows.experiment.ExperimentResult;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import dev.selfmoe.workflows.spec.SweepSpec;
import dev.selfmoe.workflows.sweep.SweepInput;
import dev.selfmoe.workflows.sweep.SweepResult;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Continues a failed, cancelled or interrupted experiment (or sweep) from its recorded spec: everything already made is
 * found by recipe key, so only the missing steps run. A running one is simply followed.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume an experiment or sweep by id.")
final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin PlatformOptions platform;
  @Mixin ResultsSiteOptions site;

  @Parameters(index = "0", paramLabel = "ID", description = "Experiment or sweep id.")
  String id;

  @Option(names = "--no-worker", description = "Don't run a worker in this process.")
  boolean noWorker;

  @Override
  public Integer call() throws Exception {
    List<String> queues = noWorker ? List.of() : List.of(QueueSpec.CPU, QueueSpec.GPU);
    try (Session session = Session.open(platform, true, queues, System.err)) {
      var db = session.platform.database();
      var experiment = db.experiments().find(id);
      var sweep = db.experiments().findSweep(id);
      if (experiment.isPresent() && experiment.get().sweepId() == null) {
        ExperimentSpec spec = new ObjectMapper().readValue(experiment.get().specJson(), ExperimentSpec.class);
        WorkflowStub stub = ExperimentStarter.startExperiment(session.platform.client(), spec, id);
        System.err.println("selfmoe: experiment " + id + " resumed");
        session.serveResultsFor(site, SiteLinks.experiment(id), System.err);
        ExperimentResult r = Progress.follow(session.platform.client(), stub, ExperimentResult.class,
            command.commandLine().getErr(), true);
        Reports.experiment(db, id, command.commandLine().getOut(), "table");
        System.err.printf("selfmoe: activities' own compute %.1f s%n", r.computeSeconds());
      } else if (sweep.isPresent()) {
        SweepSpec spec = SpecReader.sweep(SpecReader.tree(sweep.get().specJson(), id));
        WorkflowStub stub = ExperimentStarter.startSweep(session.platform.client(),
            new SweepInput(spec.name(), sweep.get().specJson(), spec.cells()), id);
        System.err.println("selfmoe: sweep " + id + " resumed");
        session.serveResultsFor(site, SiteLinks.sweep(id), System.err);
        Progress.follow(session.platform.client(), stub, SweepResult.class, command.commandLine().getErr(), false);
        Reports.sweep(db, id, command.commandLine().getOut(), "table");
      } else if (experiment.isPresent()) {
        throw new UserInputException(id + " is a cell of sweep " + experiment.get().sweepId() + ": resume the sweep");
      } else {
        throw new UserInputException("no experiment or sweep with id " + id + " in " + db.jdbcUrl());
      }
    }
    return ExitCode.OK;
  }
}
