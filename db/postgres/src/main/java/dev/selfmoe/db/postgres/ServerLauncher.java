package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings up the server for one data directory: attaches to a live postmaster found there, otherwise starts one and
 * waits until its lock file says it accepts connections, then makes sure the {@code selfmoe} database exists.
 */
final class ServerLauncher {
  private static final int PORT_ATTEMPTS = 3;
  private static final long POLL_MILLIS = 50;

  private final Path dataDirectory;
  private final Path binariesCache;
  private final int requestedPort;
  private final boolean durable;
  private final Duration startupTimeout;

  ServerLauncher(Path dataDirectory, Path binariesCache, int requestedPort, boolean durable, Duration startupTimeout) {
    this.dataDirectory = dataDirectory;
    this.binariesCache = binariesCache;
    this.requestedPort = requestedPort;
    this.durable = durable;
    this.startupTimeout = startupTimeout;
  }

  EmbeddedPostgres start() {
    PostgresBinaries binaries = PostgresBinaries.installedIn(binariesCache);
    DataDirectory.prepare(dataDirectory, binaries, durable);
    ServerUsers users = ServerUsers.join(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".users"));
    EmbeddedPostgres server;
    try {
      server = attachToRunning(users).orElseGet(() -> spawn(binaries, users));
    } catch (RuntimeException e) {
      users.close();
      throw e;
    }
    try {
      server.createDatabase(EmbeddedPostgres.DATABASE);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private EmbeddedPostgres spawn(PostgresBinaries binaries, ServerUsers users) {
    for (int attempt = 1; ; attempt++) {
      int port = requestedPort == 0 ? LocalPorts.free() : requestedPort;
      if (requestedPort != 0) {
        LocalPorts.requireFree(port);
      }
      ServerLog log = ServerLog.fromNowOn(dataDirectory);
      Process process = launch(binaries, port, log);
      try {
        awaitReady(process, port, log);
        return new EmbeddedPostgres(dataDirectory, port, process.toHandle(), true, users);
      } catch (EmbeddedPostgresException e) {
        process.destroyForcibly();
        // Two processes starting on one directory at once: the loser uses the winner's server.
        Optional<EmbeddedPostgres> winner = log.mentions("lock file") ? attachToRunning(users) : Optional.empty();
        if (winner.isPresent()) {
          return winner.get();
        }
        // A free port can be taken between choosing it and binding it.
        if (requestedPort != 0 || attempt == PORT_ATTEMPTS || !log.mentions("could not bind")) {
          throw e;
        }
      }
    }
  }

  private Process launch(PostgresBinaries binaries, int port, ServerLog log) {
    List<String> command = new ArrayList<>(List.of(binaries.program("postgres").toString(),
        "-D", dataDirectory.toString(), "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
    if (!durable) {
      command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
    }
    try {
      Process process = new ProcessBuilder(UnprivilegedCommand.of(command))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.file().toFile()))
          .start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot start " + binaries.program("postgres") + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady(Process process, int port, ServerLog log) {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new EmbeddedPostgresException("PostgreSQL on port " + port + " for " + dataDirectory
            + " exited while starting: " + log.lastProblem() + " (log: " + log.file() + ")");
      }
      Optional<PostmasterPid> lock = PostmasterPid.read(dataDirectory);
      if (lock.isPresent() && lock.get().pid() == process.pid() && lock.get().ready()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new EmbeddedPostgresException("PostgreSQL on port " + port + " for " + dataDirectory
            + " was not ready after " + startupTimeout.toSeconds() + " s (log: " + log.file() + ")");
      }
      pause();
    }
  }

  /**
   * A live postmaster on the directory is reused; a lock file whose pid is gone or recycled is removed.
   */
  private Optional<EmbeddedPostgres> attachToRunning(ServerUsers users) {
    Optional<PostmasterPid> lock = PostmasterPid.read(dataDirectory);
    if (lock.isEmpty()) {
      return Optional.empty();
    }
    if (!lock.get().isRunningPostgres()) {
      deleteStaleLock(lock.get());
      return Optional.empty();
    }
    PostmasterPid running = awaitReadyLock(lock.get());
    if (requestedPort != 0 && requestedPort != running.port()) {
      throw new EmbeddedPostgresException("PostgreSQL (pid " + running.pid() + ") already serves " + dataDirectory
          + " on port " + running.port() + ", not " + requestedPort + "; use port " + running.port()
          + " or stop it with `kill -INT " + running.pid() + "`");
    }
    ProcessHandle postmaster = ProcessHandle.of(running.pid()).orElseThrow(() -> new EmbeddedPostgresException(
        "PostgreSQL (pid " + running.pid() + ") on " + dataDirectory + " stopped while we attached; start again"));
    boolean startedByLiveJvm = postmaster.parent().map(ServerLauncher::isJavaProcess).orElse(false);
    return Optional.of(new EmbeddedPostgres(dataDirectory, running.port(), postmaster, !startedByLiveJvm, users));
  }

  /** A postmaster found mid-start (or mid-stop) gets the same patience as one we start ourselves. */
  private PostmasterPid awaitReadyLock(PostmasterPid found) {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    PostmasterPid current = found;
    while (!current.ready()) {
      if (System.nanoTime() > deadline || !current.isRunningPostgres()) {
        throw new EmbeddedPostgresException("PostgreSQL (pid " + current.pid() + ") on " + dataDirectory + " is "
            + current.status() + ", not ready; wait for it or stop it with `kill -INT " + current.pid() + "`");
      }
      pause();
      current = PostmasterPid.read(dataDirectory).orElse(current);
    }
    return current;
  }

  /** Only JVMs start these servers; a postmaster whose parent is anything else has been re-parented. */
  private static boolean isJavaProcess(ProcessHandle process) {
    return process.info().command().map(command -> command.endsWith("/java")).orElse(false);
  }

  private void deleteStaleLock(PostmasterPid stale) {
    try {
      Files.deleteIfExists(dataDirectory.resolve(PostmasterPid.FILE_NAME));
    } catch (IOException e) {
      throw new EmbeddedPostgresException("stale " + PostmasterPid.FILE_NAME + " (pid " + stale.pid() + " is not"
          + " running PostgreSQL) cannot be removed from " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException("interrupted while waiting for PostgreSQL to start", e);
    }
  }
}
