package dev.selfmoe.cli;

import dev.selfmoe.ui.ResultsSite;
import dev.selfmoe.ui.SiteOptions;
import dev.selfmoe.ui.SiteUnavailableException;
import dev.selfmoe.worker.ActivityRuntime;
import dev.selfmoe.worker.Platform;
import dev.selfmoe.worker.Workers;
import dev.selfmoe.worker.temporal.TemporalConnection;
import dev.selfmoe.worker.temporal.TemporalServer;
import io.temporal.worker.WorkerFactory;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The platform a command runs against and, when asked, an in-process worker serving the given queues. */
final class Session implements AutoCloseable {
  final Platform platform;
  private final PlatformOptions options;
  private final ActivityRuntime activities;
  private final WorkerFactory workers;
  private ResultsSite site;

  private Session(Platform platform, PlatformOptions options, ActivityRuntime activities, WorkerFactory workers) {
    this.platform = platform;
    this.options = options;
    this.activities = activities;
    this.workers = workers;
  }

  static Session open(PlatformOptions o, boolean withTemporal, List<String> workerQueues, PrintStream notices) {
    Platform p = Platform.open(new Platform.Settings(o.home, o.temporal, o.db, o.dbUser, o.dbPassword,
        Optional.ofNullable(o.temporalBinary)), withTemporal, notices);
    if (workerQueues.isEmpty()) {
      return new Session(p, o, null, null);
    }
    try {
      ActivityRuntime runtime = new ActivityRuntime(p.database(), o.artifactRoot(), o.data);
      WorkerFactory factory = Workers.start(p.client(), runtime, workerQueues);
      return new Session(p, o, runtime, factory);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** Where the Temporal Web UI is: the local dev server's, or the one named for an external server. */
  Optional<String> temporalWebUi() {
    return platform.temporalServer().flatMap(TemporalServer::webUiUrl)
        .or(() -> Optional.ofNullable(options.temporalUi));
  }

  /**
   * Serves the results site until the session closes, on {@code port} or, when that is taken and {@code
   * anyPortIfTaken}, on a free one.
   */
  ResultsSite serveResults(String host, int port, boolean anyPortIfTaken) {
    SiteOptions site = new SiteOptions(host, port, temporalWebUi(), TemporalConnection.DEFAULT_NAMESPACE);
    try {
      this.site = ResultsSite.start(platform.database(), site);
    } catch (SiteUnavailableException taken) {
      if (!anyPortIfTaken) {
        throw taken;
      }
      this.site = ResultsSite.start(platform.database(), new SiteOptions(host, 0, site.temporalWebUi(),
          site.namespace()));
    }
    return this.site;
  }

  /** The site of {@link ResultsSiteOptions}, and a line saying where it is; nothing when it is turned off. */
  void serveResultsFor(ResultsSiteOptions o, String page, PrintStream notices) {
    if (o.disabled) {
      return;
    }
    ResultsSite served = serveResults(SiteOptions.LOOPBACK, o.port, true);
    notices.println("selfmoe: results at " + served.url() + page
        + (served.port() == o.port ? "" : " (port " + o.port + " is taken)"));
  }

  /** Blocks until the process is stopped (a worker process's life). */
  void awaitTermination() throws InterruptedException {
    workers.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
  }

  @Override
  public void close() {
    if (site != null) {
      site.close();
    }
    if (workers != null) {
      workers.shutdown();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (activities != null) {
      activities.close();
    }
    platform.close();
  }
}
