package dev.selfmoe.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints an experiment's (or sweep's) results from the database. */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Print the results of an experiment or sweep.")
final class ResultsCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin PlatformOptions platform;

  @Parameters(index = "0", paramLabel = "ID", description = "Experiment or sweep id.")
  String id;

  @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    if (!List.of("table", "json", "csv").contains(format)) {
      throw new UserInputException("unknown format " + format + " (table, json or csv)");
    }
    try (Session session = Session.open(platform, false, List.of(), System.err)) {
      var db = session.platform.database();
      if (!db.experiments().cellsOf(id).isEmpty()) {
        Reports.sweep(db, id, command.commandLine().getOut(), format);
      } else if (db.experiments().find(id).isPresent()) {
        Reports.experiment(db, id, command.commandLine().getOut(), format);
      } else {
        throw new UserInputException("no experiment or sweep with id " + id + " in " + db.jdbcUrl());
      }
    }
    return ExitCode.OK;
  }
}
