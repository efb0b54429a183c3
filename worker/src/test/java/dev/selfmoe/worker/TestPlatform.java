package dev.selfmoe.worker;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import java.nio.file.Path;

/** Real parts the orchestration tests share: an embedded PostgreSQL, the tiny model and the benchmark data. */
final class TestPlatform {
  static final Path SHARED = Path.of(System.getProperty("selfmoe.shared", "../../shared")).toAbsolutePath().normalize();
  static final Path STORIES = SHARED.resolve("models/stories260K/stories260K.gguf");
  static final Path DATA = SHARED.resolve("data");

  private TestPlatform() {}

  static EmbeddedPostgres postgres(Path dir) {
    return EmbeddedPostgres.builder().dataDirectory(dir.resolve("postgres")).durable(false).start();
  }

  /** A tiny experiment on stories260K: two domains, a few samples, every step of the method. */
  static String tinySpec(String name, String variants, String extra) {
    return """
        name: %s
        model: %s
        data: %s
        seed: 5
        domains: [knowledge, math]
        seeds: {count: 8}
        synthetic: {samples: 3, max_rounds: 2, brainstorm_tokens: 40, response_tokens: 24, batch_size: 4, format_checks: false}
        lora: {epochs: 2, batch_size: 2, micro_batch_size: 2, max_length: 192, checkpoint_every: 1}
        router: {epochs: 1, batch_size: 2, micro_batch_size: 2, max_length: 192}
        variants: %s
        benchmarks:
          - {name: mmlu, limit: 4, shots: 0}
        queues: {heartbeat_timeout_seconds: 10}
        %s
        """.formatted(name, STORIES, DATA, variants, extra);
  }

  static long count(SelfmoeDatabase db, String sql) {
    return Long.parseLong(db.sql(sql).rows().get(0).get(0));
  }
}
