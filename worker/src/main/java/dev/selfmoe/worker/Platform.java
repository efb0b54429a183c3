package dev.selfmoe.worker;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import dev.selfmoe.worker.temporal.TemporalConnection;
import dev.selfmoe.worker.temporal.TemporalServer;
import dev.selfmoe.worker.temporal.TemporalServers;
import io.temporal.client.WorkflowClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The services one selfmoe process uses: the database, a Temporal connection, and whatever of them it started itself
 * (closed, in reverse order, with it).
 */
public final class Platform implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final SelfmoeDatabase database;
  private final TemporalServer temporalServer;
  private final TemporalConnection connection;
  private final WorkflowClient client;

  private Platform(EmbeddedPostgres postgres, SelfmoeDatabase database, TemporalServer temporalServer,
      TemporalConnection connection) {
    this.postgres = postgres;
    this.database = database;
    this.temporalServer = temporalServer;
    this.connection = connection;
    this.client = connection == null ? null : connection.client();
  }

  public record Settings(Path home, String temporal, String jdbcUrl, String dbUser, String dbPassword,
      Optional<Path> temporalBinary) {}

  /** Opens the database and, when {@code withTemporal}, Temporal; embedded services start as needed. */
  public static Platform open(Settings s, boolean withTemporal, PrintStream notices) {
    EmbeddedPostgres pg = null;
    SelfmoeDatabase db = null;
    TemporalServer server = null;
    try {
      if (s.jdbcUrl() == null) {
        pg = EmbeddedPostgres.builder().dataDirectory(s.home().resolve("postgres")).start();
        db = SelfmoeDatabase.connect(pg);
      } else {
        db = SelfmoeDatabase.connect(s.jdbcUrl(), s.dbUser(), s.dbPassword());
      }
      TemporalConnection connection = null;
      if (withTemporal) {
        String target = s.temporal();
        if (target == null) {
          server = TemporalServers.start(s.home(), s.temporalBinary(), notices);
          target = server.target();
          server.webUiUrl().ifPresent(url -> notices.println("selfmoe: Temporal Web UI at " + url));
        }
        connection = TemporalServers.connect(target);
      }
      return new Platform(pg, db, server, connection);
    } catch (RuntimeException e) {
      closeQuietly(server);
      closeQuietly(db);
      closeQuietly(pg);
      throw e;
    }
  }

  public SelfmoeDatabase database() {
    return database;
  }

  public WorkflowClient client() {
    if (client == null) {
      throw new IllegalStateException("this platform was opened without Temporal");
    }
    return client;
  }

  public TemporalConnection connection() {
    return connection;
  }

  public Optional<TemporalServer> temporalServer() {
    return Optional.ofNullable(temporalServer);
  }

  @Override
  public void close() {
    closeQuietly(connection);
    closeQuietly(temporalServer);
    closeQuietly(database);
    closeQuietly(postgres);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("selfmoe: while shutting down: " + e.getMessage());
    }
  }
}
