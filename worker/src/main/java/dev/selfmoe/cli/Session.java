package dev.selfmoe.cli;

import dev.selfmoe.worker.ActivityRuntime;
import dev.selfmoe.worker.Platform;
import dev.selfmoe.worker.Workers;
import io.temporal.worker.WorkerFactory;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The platform a command runs against and, when asked, an in-process worker serving the given queues. */
final class Session implements AutoCloseable {
  final Platform platform;
  private final ActivityRuntime activities;
  private final WorkerFactory workers;

  private Session(Platform platform, ActivityRuntime activities, WorkerFactory workers) {
    this.platform = platform;
    this.activities = activities;
    this.workers = workers;
  }

  static Session open(PlatformOptions o, boolean withTemporal, List<String> workerQueues, PrintStream notices) {
    Platform p = Platform.open(new Platform.Settings(o.home, o.temporal, o.db, o.dbUser, o.dbPassword,
        Optional.ofNullable(o.temporalBinary)), withTemporal, notices);
    if (workerQueues.isEmpty()) {
      return new Session(p, null, null);
    }
    try {
      ActivityRuntime runtime = new ActivityRuntime(p.database(), o.artifactRoot(), o.data);
      WorkerFactory factory = Workers.start(p.client(), runtime, workerQueues);
      return new Session(p, runtime, factory);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** Blocks until the process is stopped (a worker process's life). */
  void awaitTermination() throws InterruptedException {
    workers.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
  }

  @Override
  public void close() {
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
