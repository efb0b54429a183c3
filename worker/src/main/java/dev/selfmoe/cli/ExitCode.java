package dev.selfmoe.cli;

/** The CLI's exit codes. */
public final class ExitCode {
  private ExitCode() {}

  public static final int OK = 0;
  /** The command ran and failed: bad model file, engine error. */
  public static final int FAILURE = 1;
  /** The command line itself was wrong. */
  public static final int USAGE = 2;
}
