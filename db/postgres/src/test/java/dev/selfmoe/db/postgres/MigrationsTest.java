package dev.selfmoe.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final int SCRIPTS = 11;

  @TempDir static Path temp;
  private static EmbeddedPostgres server;

  @BeforeAll
  static void startServer() {
    server = EmbeddedPostgres.builder().dataDirectory(temp.resolve("data")).durable(false).start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void applyToAnEmptyDatabaseRunsEveryScriptAndTheSecondTimeNone() throws SQLException {
    server.createDatabase("migrated_twice");
    String url = server.jdbcUrl("migrated_twice");
    assertEquals(SCRIPTS, Migrations.apply(url, server.user(), server.password()));
    assertEquals(0, Migrations.apply(url, server.user(), server.password()));
    assertEquals(List.of("artifact", "artifact_lineage", "artifact_recipe", "evaluation", "evaluation_item",
            "experiment", "experiment_artifact", "experiment_evaluation", "experiment_variant", "paired_vs_base",
            "paper_table", "paper_table_ci", "results_long", "routing_by_benchmark", "routing_stat", "sweep",
            "sweep_table", "synthetic_data_stats", "training_curve", "training_run"),
        column(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            + " AND table_name <> 'flyway_schema_history' ORDER BY table_name"));
  }

  @Test
  void scriptNamesFollowVersionVerbNoun() throws SQLException {
    server.createDatabase("named");
    String url = server.jdbcUrl("named");
    Migrations.apply(url, server.user(), server.password());
    for (String script : column(url, "SELECT script FROM flyway_schema_history")) {
      assertTrue(script.matches("V\\d+__(create|add|drop|rename|alter|change)_[a-z0-9_]+\\.sql"), script);
    }
  }

  private static List<String> column(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (result.next()) {
        values.add(result.getString(1));
      }
      return values;
    }
  }
}
