package dev.selfmoe.worker.temporal;

import dev.selfmoe.db.postgres.LocalPorts;
import dev.selfmoe.db.postgres.ServerUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;

/**
 * The Temporal CLI's dev server as a child process: a full Temporal service with its Web UI, persisting every workflow
 * to one SQLite file, so runs survive a restart of selfmoe.
 *
 * <p>One server serves a database, never two on the same SQLite file. The first selfmoe process to need it starts it
 * and owns it; later ones, while it runs, share it. Whichever process leaves last stops it (on close, or at JVM exit),
 * so closing the process that started it does not pull it from under the others (see {@code ServerUsers}). A server
 * whose owner died without stopping it (SIGKILL, OOM) is adopted by the next process instead of started twice. Beside
 * the database live {@code <db>.log} (server output, appended), {@code <db>.lock} (held by the owner), {@code
 * <db>.users} (locked by every user) and {@code <db>.server} (pid and ports of the running server).
 */
public final class TemporalDevServer implements TemporalServer {
  /** Includes creating the schema in a new database; about a second on an idle machine. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final String NAMESPACE = TemporalConnection.DEFAULT_NAMESPACE;
  private static final String HOST = DevServerProcess.HOST;

  private final ProcessHandle process;
  private final DevServerRecord record;
  private final Path database;
  private final DevServerLock lock;
  private final ServerUsers users;
  private final Thread shutdownHook;
  private boolean closed;

  /** @param lock null when another live process owns the server and this one shares it */
  private TemporalDevServer(ProcessHandle process, DevServerRecord record, Path database, DevServerLock lock,
      ServerUsers users) {
    this.process = process;
    this.record = record;
    this.database = database;
    this.lock = lock;
    this.users = users;
    this.shutdownHook = new Thread(this::leave, "temporal-dev-server-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts (or adopts) the server of {@code database} on free ports. */
  public static TemporalDevServer start(Path binary, Path database) {
    return start(binary, database, 0, 0, DEFAULT_STARTUP_TIMEOUT);
  }

  /**
   * Starts (or adopts) the server of {@code database}, a SQLite file created on first use.
   *
   * @param port gRPC frontend port, or 0 for a free one
   * @param uiPort Web UI port, or 0 for a free one
   */
  public static TemporalDevServer start(Path binary, Path database, int port, int uiPort, Duration startupTimeout) {
    Path db = database.toAbsolutePath().normalize();
    createDirectories(db.getParent());
    ServerUsers users = ServerUsers.join(sibling(db, ".users"));
    try {
      Optional<DevServerLock> lock = DevServerLock.tryAcquire(sibling(db, ".lock"));
      if (lock.isEmpty()) {
        return share(db, users, port, uiPort, startupTimeout);
      }
      try {
        return adoptOrphan(db, lock.get(), users, port, uiPort, startupTimeout)
            .orElseGet(() -> launch(binary, db, lock.get(), users, port, uiPort, startupTimeout));
      } catch (RuntimeException e) {
        lock.get().close();
        throw e;
      }
    } catch (RuntimeException e) {
      users.close();
      throw e;
    }
  }

  /** The server another live selfmoe process owns: used as it is, once it answers (it may still be starting). */
  private static TemporalDevServer share(Path db, ServerUsers users, int port, int uiPort, Duration startupTimeout) {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    Optional<DevServerRecord> record = DevServerRecord.read(sibling(db, ".server"));
    // the owner writes the record right after launching its server
    while (record.flatMap(DevServerRecord::liveProcess).isEmpty() && System.nanoTime() < deadline) {
      pause();
      record = DevServerRecord.read(sibling(db, ".server"));
    }
    Optional<ProcessHandle> running = record.flatMap(DevServerRecord::liveProcess);
    if (running.isEmpty()) {
      throw new TemporalServerException("the Temporal dev server for " + db + " is owned by another selfmoe process"
          + " that started no server within " + startupTimeout.toSeconds() + " s; wait until that process ends");
    }
    DevServerRecord found = record.get();
    if ((port != 0 && port != found.port()) || (uiPort != 0 && uiPort != found.uiPort())) {
      throw new TemporalServerException("the Temporal dev server for " + db + " already runs at " + HOST + ":"
          + found.port() + " (Web UI http://" + HOST + ":" + found.uiPort() + "), not on the ports asked for; use"
          + " those or wait until the selfmoe processes using it end");
    }
    if (FrontendReadiness.await(HOST, found.port(), NAMESPACE, running.get()::isAlive,
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) != FrontendReadiness.Outcome.READY) {
      throw new TemporalServerException("the Temporal dev server at " + HOST + ":" + found.port() + " (for " + db
          + ") did not answer; see " + sibling(db, ".log"));
    }
    return new TemporalDevServer(running.get(), found, db, null, users);
  }

  private static Optional<TemporalDevServer> adoptOrphan(
      Path db, DevServerLock lock, ServerUsers users, int port, int uiPort, Duration startupTimeout) {
    Optional<DevServerRecord> record = DevServerRecord.read(sibling(db, ".server"));
    Optional<ProcessHandle> orphan = record.flatMap(DevServerRecord::liveProcess);
    if (orphan.isEmpty()) {
      return Optional.empty();
    }
    boolean portsFit = (port == 0 || port == record.get().port()) && (uiPort == 0 || uiPort == record.get().uiPort());
    if (portsFit && FrontendReadiness.await(HOST, record.get().port(), NAMESPACE, orphan.get()::isAlive, startupTimeout)
        == FrontendReadiness.Outcome.READY) {
      return Optional.of(new TemporalDevServer(orphan.get(), record.get(), db, lock, users));
    }
    // Never two servers on one SQLite file: an orphan we cannot use goes before a new server starts.
    DevServerProcess.stop(orphan.get());
    return Optional.empty();
  }

  private static TemporalDevServer launch(
      Path binary, Path db, DevServerLock lock, ServerUsers users, int port, int uiPort, Duration startupTimeout) {
    Iterator<Integer> free = LocalPorts.pick(2).stream().filter(p -> p != port && p != uiPort).iterator();
    int grpcPort = port != 0 ? port : free.next();
    int webPort = uiPort != 0 ? uiPort : free.next();
    Path log = sibling(db, ".log");
    long logStart = DevServerProcess.logSize(log);
    Process process = DevServerProcess.launch(binary, db, grpcPort, webPort, NAMESPACE, log);
    DevServerRecord record = DevServerRecord.of(process.toHandle(), grpcPort, webPort);
    // Written before the wait, so a server orphaned while starting is still found and adopted by the next run.
    record.write(sibling(db, ".server"));
    String address = HOST + ":" + grpcPort;
    switch (FrontendReadiness.await(HOST, grpcPort, NAMESPACE, process::isAlive, startupTimeout)) {
      case READY -> {
        return new TemporalDevServer(process.toHandle(), record, db, lock, users);
      }
      case SERVER_EXITED -> {
        deleteRecord(db);
        throw new TemporalServerException("Temporal dev server exited with code " + process.exitValue()
            + " before answering on " + address + "; " + DevServerProcess.logTail(log, logStart));
      }
      default -> {
        DevServerProcess.stop(process.toHandle());
        deleteRecord(db);
        throw new TemporalServerException("Temporal dev server did not answer on " + address + " within "
            + startupTimeout.toSeconds() + " s; " + DevServerProcess.logTail(log, logStart));
      }
    }
  }

  @Override
  public String target() {
    return HOST + ":" + record.port();
  }

  @Override
  public Optional<String> webUiUrl() {
    return Optional.of("http://" + HOST + ":" + record.uiPort());
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String description() {
    return "Temporal dev server at " + target() + " (Web UI " + webUiUrl().orElseThrow() + ", data in " + database
        + ")";
  }

  public Path databaseFile() {
    return database;
  }

  public Path logFile() {
    return sibling(database, ".log");
  }

  /** The server's process id; the same as before when this server was adopted from a dead owner. */
  public long pid() {
    return process.pid();
  }

  /** Whether this process started (or adopted) the server, rather than sharing one another process owns. */
  public boolean owned() {
    return lock != null;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmExiting) {
      // The hook is already leaving.
      return;
    }
    leave();
  }

  /** Stops the server when no other process uses it; else leaves it, and its record, to them. */
  private synchronized void leave() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (users.leaveAsLast()) {
        DevServerProcess.stop(process);
        deleteRecord(database);
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
      users.close();
    }
  }

  private static void deleteRecord(Path db) {
    try {
      Files.deleteIfExists(sibling(db, ".server"));
    } catch (IOException e) {
      // A stale record is harmless: the next run finds its process gone and starts afresh.
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TemporalServerException("interrupted while waiting for the Temporal dev server of another process");
    }
  }

  private static Path sibling(Path db, String suffix) {
    return db.resolveSibling(db.getFileName() + suffix);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + " for the Temporal database: " + e.getMessage(), e);
    }
  }
}
