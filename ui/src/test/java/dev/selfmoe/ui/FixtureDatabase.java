package dev.selfmoe.ui;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.db.postgres.Directories;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL with {@link ResultsFixture} written into it, shared by every test class of this module (a
 * server takes seconds to start) and stopped when the test run ends.
 */
final class FixtureDatabase implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private final Path directory;
  private final EmbeddedPostgres server;
  final SelfmoeDatabase db;

  private FixtureDatabase() {
    try {
      directory = Files.createTempDirectory("selfmoe-ui-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = EmbeddedPostgres.builder().dataDirectory(directory.resolve("postgres")).durable(false).start();
    db = SelfmoeDatabase.connect(server);
    ResultsFixture.fill(db);
  }

  static SelfmoeDatabase in(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(FixtureDatabase.class, k -> new FixtureDatabase(), FixtureDatabase.class).db;
  }

  @Override
  public void close() {
    db.close();
    server.close();
    Directories.deleteRecursively(directory);
  }
}
