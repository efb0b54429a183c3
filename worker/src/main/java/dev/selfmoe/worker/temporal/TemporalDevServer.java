package dev.selfmoe.worker.temporal;

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
 * <p>Each selfmoe process starts its own server and stops it on close (or at JVM exit). One process at a time owns the
 * server of a database: a second one is refused rather than put a second server on the same SQLite file. A server
 * whose owner died without stopping it (SIGKILL, OOM) is adopted by the next owner instead of started twice. Beside the
 * database live {@code <db>.log} (server output, appended), {@code <db>.lock} (held by the owner) and
 * {@code <db>.server} (pid and ports of the running server).
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
  private final Thread shutdownHook;
  private boolean closed;

  private TemporalDevServer(ProcessHandle process, DevServerRecord record, Path database, DevServerLock lock) {
    this.process = process;
    this.record = record;
    this.database = database;
    this.lock = lock;
    this.shutdownHook = new Thread(this::stopServer, "temporal-dev-server-stop");
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
    DevServerLock lock = DevServerLock.tryAcquire(sibling(db, ".lock")).orElseThrow(() -> ownedElsewhere(db));
    try {
      return adoptOrphan(db, lock, port, uiPort, startupTimeout)
          .orElseGet(() -> launch(binary, db, lock, port, uiPort, startupTimeout));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Optional<TemporalDevServer> adoptOrphan(
      Path db, DevServerLock lock, int port, int uiPort, Duration startupTimeout) {
    Optional<DevServerRecord> record = DevServerRecord.read(sibling(db, ".server"));
    Optional<ProcessHandle> orphan = record.flatMap(DevServerRecord::liveProcess);
    if (orphan.isEmpty()) {
      return Optional.empty();
    }
    boolean portsFit = (port == 0 || port == record.get().port()) && (uiPort == 0 || uiPort == record.get().uiPort());
    if (portsFit && FrontendReadiness.await(HOST, record.get().port(), NAMESPACE, orphan.get()::isAlive, startupTimeout)
        == FrontendReadiness.Outcome.READY) {
      return Optional.of(new TemporalDevServer(orphan.get(), record.get(), db, lock));
    }
    // Never two servers on one SQLite file: an orphan we cannot use goes before a new server starts.
    DevServerProcess.stop(orphan.get());
    return Optional.empty();
  }

  private static TemporalDevServer launch(
      Path binary, Path db, DevServerLock lock, int port, int uiPort, Duration startupTimeout) {
    Iterator<Integer> free = FreePorts.pick(2).stream().filter(p -> p != port && p != uiPort).iterator();
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
        return new TemporalDevServer(process.toHandle(), record, db, lock);
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

  private static TemporalServerException ownedElsewhere(Path db) {
    String running = DevServerRecord.read(sibling(db, ".server"))
        .map(r -> " (its server is at " + HOST + ":" + r.port() + ", Web UI http://" + HOST + ":" + r.uiPort() + ")")
        .orElse("");
    return new TemporalServerException("the Temporal dev server for " + db + " is owned by another selfmoe process"
        + running + "; connect to that server or wait until that process ends");
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

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmExiting) {
      // The hook is already stopping the server.
      return;
    }
    stopServer();
    lock.close();
  }

  private void stopServer() {
    DevServerProcess.stop(process);
    deleteRecord(database);
  }

  private static void deleteRecord(Path db) {
    try {
      Files.deleteIfExists(sibling(db, ".server"));
    } catch (IOException e) {
      // A stale record is harmless: the next run finds its process gone and starts afresh.
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
