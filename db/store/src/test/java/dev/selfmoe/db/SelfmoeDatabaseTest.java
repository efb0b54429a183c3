package dev.selfmoe.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.db.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class SelfmoeDatabaseTest {
  @Test
  void sqlReturnsColumnsAndRowsAsTextWithNullsKept(SelfmoeDatabase db) {
    QueryResult result = db.sql("SELECT * FROM (VALUES (1, 'one', NULL), (2, 'two', 2.5)) AS t (id, name, extra)"
        + " ORDER BY id");

    assertTrue(result.isQuery());
    assertEquals(List.of("id", "name", "extra"), result.columns());
    assertEquals(List.of(Arrays.asList("1", "one", null), List.of("2", "two", "2.5")), result.rows());
  }

  @Test
  void sqlReportsUpdateCountsForOtherStatements(SelfmoeDatabase db) {
    db.experiments().upsertSweep("sweep-1", "one", "{}");
    db.experiments().upsertSweep("sweep-2", "two", "{}");

    QueryResult result = db.sql("UPDATE sweep SET name = upper(name)");

    assertFalse(result.isQuery());
    assertEquals(2, result.updateCount());
    assertEquals(List.of(), result.columns());
  }

  @Test
  void sqlThatPostgresRejectsCarriesItsOneLineReason(SelfmoeDatabase db) {
    var error = assertThrows(SqlRejectedException.class, () -> db.sql("SELECT * FROM no_such_table"));
    assertTrue(error.getMessage().contains("no_such_table"), error.getMessage());
    assertFalse(error.getMessage().contains("\n"));
  }

  @Test
  void connectingAgainLeavesTheMigratedSchemaAsItIs(SelfmoeDatabase db, EmbeddedPostgres server) {
    String before = db.sql("SELECT count(*) FROM flyway_schema_history").rows().getFirst().getFirst();
    try (SelfmoeDatabase again = SelfmoeDatabase.connect(db.jdbcUrl(), server.user(), server.password())) {
      assertEquals(before, again.sql("SELECT count(*) FROM flyway_schema_history").rows().getFirst().getFirst());
    }
  }

  @Test
  void anUnreachableServerIsReportedInOneLine() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/selfmoe?password=secret";

    var error = assertThrows(DatabaseUnreachableException.class, () -> SelfmoeDatabase.connect(url, "postgres", ""));

    String shown = "jdbc:postgresql://127.0.0.1:" + closedPort + "/selfmoe?password=***";
    assertTrue(error.getMessage().startsWith("cannot reach PostgreSQL at " + shown + ": "), error.getMessage());
    assertTrue(error.getMessage().contains("refused"), error.getMessage());
    assertFalse(error.getMessage().contains("\n"));
  }
}
