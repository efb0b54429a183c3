package dev.selfmoe.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code selfmoe} command line. */
@Command(
    name = "selfmoe",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Self-specialized LoRA experts and the MiXSE router on one base model.",
    subcommands = {
      GenerateCommand.class,
      ScoreCommand.class,
      ExportCommand.class,
      TrainLoraCommand.class,
      TrainRouterCommand.class,
      MergeCommand.class,
      SelfspecCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      RunCommand.class,
      SweepCommand.class,
      StatusCommand.class,
      ResultsCommand.class,
      CancelCommand.class,
      ResumeCommand.class,
      WorkerCommand.class,
      SqlCommand.class,
      UiCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (see {@link ExitCode}). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with its output and error streams redirected (tests, embedding). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String message = UserFacingErrors.message(e);
          if (message != null) {
            cmd.getErr().println("selfmoe: " + message);
            return ExitCode.FAILURE;
          }
          throw e;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("selfmoe: " + e.getMessage());
          e.getCommandLine().getErr().println("Try 'selfmoe " + e.getCommandLine().getCommandName() + " --help'.");
          return ExitCode.USAGE;
        });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"selfmoe " + (v == null ? "dev" : v)};
    }
  }
}
