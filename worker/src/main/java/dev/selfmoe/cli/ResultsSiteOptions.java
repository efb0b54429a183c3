package dev.selfmoe.cli;

import picocli.CommandLine.Option;

/** The results site that run, sweep and resume serve while they follow their workflow. */
final class ResultsSiteOptions {
  @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port of the results site served while this runs (default ${DEFAULT-VALUE}; another one when it"
          + " is taken).")
  int port;

  @Option(names = "--no-ui", description = "Don't serve the results site.")
  boolean disabled;
}
