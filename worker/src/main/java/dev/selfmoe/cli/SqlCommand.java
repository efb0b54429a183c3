package dev.selfmoe.cli;

import dev.selfmoe.db.QueryResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs SQL against the configured results database (embedded unless --db is given). */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run a SQL statement on the results database, e.g. \"SELECT * FROM paper_table\".")
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin PlatformOptions platform;

  @Parameters(index = "0", paramLabel = "SQL", description = "One statement.")
  String sql;

  @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    try (Session session = Session.open(platform, false, List.of(), System.err)) {
      QueryResult r = session.platform.database().sql(sql);
      if (r.isQuery()) {
        new TextTable(r.columns(), r.rows()).print(command.commandLine().getOut(), format);
      } else {
        command.commandLine().getOut().println(r.updateCount() + " rows changed");
      }
    }
    return ExitCode.OK;
  }
}
