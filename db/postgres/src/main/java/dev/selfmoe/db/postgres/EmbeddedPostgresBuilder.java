package dev.selfmoe.db.postgres;

import java.nio.file.Path;
import java.time.Duration;

/** Where and how to run an {@link EmbeddedPostgres}; the defaults are the CLI's. */
public final class EmbeddedPostgresBuilder {
  private Path dataDirectory = SelfmoeHome.postgresData();
  private Path binariesCache = SelfmoeHome.postgresBinaries();
  private int port;
  private boolean durable = true;
  private Duration startupTimeout = Duration.ofSeconds(60);

  EmbeddedPostgresBuilder() {}

  /** Created and initialised when missing or empty; reused, data and all, when it holds a cluster. */
  public EmbeddedPostgresBuilder dataDirectory(Path directory) {
    this.dataDirectory = directory;
    return this;
  }

  public EmbeddedPostgresBuilder binariesCache(Path directory) {
    this.binariesCache = directory;
    return this;
  }

  /** 0 (the default) takes any free port. */
  public EmbeddedPostgresBuilder port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("not a TCP port: " + port);
    }
    this.port = port;
    return this;
  }

  /**
   * False trades crash safety for speed (no fsync, no full-page writes): right for tests and code generation, whose
   * data is thrown away, wrong for experiment results.
   */
  public EmbeddedPostgresBuilder durable(boolean durable) {
    this.durable = durable;
    return this;
  }

  public EmbeddedPostgresBuilder startupTimeout(Duration timeout) {
    this.startupTimeout = timeout;
    return this;
  }

  public EmbeddedPostgres start() {
    return new ServerLauncher(dataDirectory.toAbsolutePath().normalize(), binariesCache, port, durable,
        startupTimeout).start();
  }
}
