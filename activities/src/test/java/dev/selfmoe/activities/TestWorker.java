package dev.selfmoe.activities;

import dev.selfmoe.activities.runtime.ModelCache;
import dev.selfmoe.activities.store.ArtifactStore;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import dev.selfmoe.engine.format.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One worker's resources shared by every test class in the run, since starting PostgreSQL and loading a model take
 * seconds: a real embedded server with a migrated database, an artifact store in a temporary directory, a model
 * cache, and the shared benchmark data. Closed when the test run ends.
 */
public final class TestWorker implements AutoCloseable {
  private final Path scratch;
  private final EmbeddedPostgres server;
  private final SelfmoeDatabase db;
  private final ModelCache models;
  private final WorkerResources resources;

  private TestWorker() throws IOException {
    scratch = Files.createTempDirectory("selfmoe-activities-test-");
    server = EmbeddedPostgres.builder().dataDirectory(scratch.resolve("postgres")).durable(false).start();
    db = SelfmoeDatabase.connect(server);
    models = new ModelCache(2);
    resources = new WorkerResources(db, new ArtifactStore(scratch.resolve("artifacts"), db.artifacts()), models,
        shared().resolve("data"));
  }

  /** The run's worker, started on first use. */
  public static WorkerResources resources(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(TestWorker.class, k -> start(), TestWorker.class).resources;
  }

  private static TestWorker start() {
    try {
      return new TestWorker();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path shared() {
    return Path.of(System.getProperty("selfmoe.shared", "../../shared")).toAbsolutePath().normalize();
  }

  /** The tiny real model every test runs on. */
  public static String stories260k() {
    Path p = shared().resolve("models/stories260K/stories260K.gguf");
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("test model missing: " + p);
    }
    return p.toString();
  }

  @Override
  public void close() throws IOException {
    try {
      models.close();
      db.close();
      server.close();
    } finally {
      FileTrees.deleteRecursively(scratch);
    }
  }
}
