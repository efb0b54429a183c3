package dev.selfmoe.cli;

import dev.selfmoe.ui.ResultsSite;
import dev.selfmoe.ui.SiteOptions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Serves the results site until stopped; with the embedded services, the Temporal Web UI beside it. */
@Command(name = "ui", mixinStandardHelpOptions = true,
    description = "Serve the results web site (experiments, tables, curves, routing, items) until stopped.")
final class UiCommand implements Callable<Integer> {
  @Mixin PlatformOptions platform;

  @Option(names = "--port", defaultValue = "8080", description = "Port to serve on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = SiteOptions.LOOPBACK,
      description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UserInputException("--port must be between 0 and 65535, got " + port);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (Session session = Session.open(platform, true, List.of(), System.err)) {
      ResultsSite site = session.serveResults(host, port, false);
      System.err.println("selfmoe: results at " + site.url() + " (Ctrl-C stops)");
      session.temporalWebUi().ifPresent(url -> System.err.println("selfmoe: workflow histories at " + url));
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "selfmoe-ui-stop"));
      stopped.await();
    }
    return ExitCode.OK;
  }
}
