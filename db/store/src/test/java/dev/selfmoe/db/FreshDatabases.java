package dev.selfmoe.db;

import dev.selfmoe.db.postgres.Directories;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded server per test class, since starting one takes seconds, and a new migrated database for every
 * {@link SelfmoeDatabase} parameter, dropped after the test.
 */
final class FreshDatabases implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, ParameterResolver {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private Path dataDirectory;
  private EmbeddedPostgres server;
  private final List<SelfmoeDatabase> open = new ArrayList<>();
  private final List<String> created = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      dataDirectory = Files.createTempDirectory("selfmoe-db-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = EmbeddedPostgres.builder().dataDirectory(dataDirectory).durable(false).start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    open.forEach(SelfmoeDatabase::close);
    open.clear();
    created.forEach(server::dropDatabase);
    created.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      server.close();
    } finally {
      Directories.deleteRecursively(dataDirectory);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SelfmoeDatabase.class || type == EmbeddedPostgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == EmbeddedPostgres.class) {
      return server;
    }
    String name = "test_" + DATABASES.incrementAndGet();
    server.createDatabase(name);
    created.add(name);
    SelfmoeDatabase database = SelfmoeDatabase.connect(server.jdbcUrl(name), server.user(), server.password());
    open.add(database);
    return database;
  }
}
