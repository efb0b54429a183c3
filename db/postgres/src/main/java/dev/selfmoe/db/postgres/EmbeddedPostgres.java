package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server on 127.0.0.1 whose data lives in a directory we choose ({@code ~/.selfmoe/postgres} unless told
 * otherwise). A server found already running on the directory is attached to rather than started twice. Closing a
 * handle, or the JVM exiting, stops the server when no other selfmoe process uses it any more, whichever process
 * started it; while others do, it keeps running for them.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  public static final String DATABASE = "selfmoe";
  public static final String USER = "postgres";

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Path dataDirectory;
  private final int port;
  private final ProcessHandle server;
  private final boolean owned;
  private final ServerUsers users;
  private final Thread shutdownHook;
  private boolean closed;

  EmbeddedPostgres(Path dataDirectory, int port, ProcessHandle server, boolean owned, ServerUsers users) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.server = server;
    this.owned = owned;
    this.users = users;
    this.shutdownHook = new Thread(this::leave, "embedded-postgres-stop-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static EmbeddedPostgresBuilder builder() {
    return new EmbeddedPostgresBuilder();
  }

  /** The server the CLI uses: data under {@code ~/.selfmoe/postgres}, any free port, durable writes. */
  public static EmbeddedPostgres startDefault() {
    return builder().start();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public int port() {
    return port;
  }

  /** False when another live process started the server and this handle only attached to it. */
  public boolean ownsServer() {
    return owned;
  }

  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  /** Empty: the server only listens on 127.0.0.1 and trusts local connections. */
  public String password() {
    return "";
  }

  /** Creates the database unless it exists; names are plain lower-case identifiers. */
  public void createDatabase(String name) {
    requireDatabaseName(name);
    try (Connection connection = connectTo("postgres");
        PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) { // duplicate_database: a concurrent caller created it first
        throw new EmbeddedPostgresException("cannot create database " + name + " on port " + port + ": "
            + e.getMessage(), e);
      }
    }
  }

  /** Drops the database, ending any sessions still connected to it. */
  public void dropDatabase(String name) {
    requireDatabaseName(name);
    try (Connection connection = connectTo("postgres"); Statement drop = connection.createStatement()) {
      drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new EmbeddedPostgresException("cannot drop database " + name + " on port " + port + ": "
          + e.getMessage(), e);
    }
  }

  /** Stops the server when no other process uses it (see {@link ServerUsers}); else leaves it to them. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to; leaving twice is harmless.
    }
    leave();
  }

  private synchronized void leave() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (users.leaveAsLast()) {
        stopServer();
      }
    } finally {
      users.close();
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL on 127.0.0.1:" + port + " with data in " + dataDirectory;
  }

  Connection connectTo(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, password());
  }

  /** Fast shutdown (SIGINT): open sessions are ended, where SIGTERM would wait for every pooled connection. */
  private void stopServer() {
    if (!server.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      server.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.onExit().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      server.destroyForcibly();
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void requireDatabaseName(String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain lower-case database name: " + name);
    }
  }
}
