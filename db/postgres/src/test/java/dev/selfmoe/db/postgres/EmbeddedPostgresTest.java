package dev.selfmoe.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
  @TempDir Path temp;

  @Test
  void startsOnAFreshDirectoryAndServesTheSelfmoeDatabase() throws SQLException {
    try (EmbeddedPostgres server = throwaway(temp.resolve("data")).start()) {
      assertTrue(server.ownsServer());
      assertTrue(Files.isRegularFile(server.dataDirectory().resolve("PG_VERSION")));
      assertEquals("PostgreSQL 18", query(server, "SELECT split_part(version(), '.', 1)"));
      assertEquals(EmbeddedPostgres.DATABASE, query(server, "SELECT current_database()"));
      assertEquals(EmbeddedPostgres.USER, query(server, "SELECT current_user"));
    }
  }

  @Test
  void restartsOnAnExistingDirectoryKeepingItsData() throws SQLException {
    Path data = temp.resolve("data");
    try (EmbeddedPostgres server = throwaway(data).start()) {
      execute(server, "CREATE TABLE kept (value text)", "INSERT INTO kept VALUES ('still here')");
    }
    try (EmbeddedPostgres server = throwaway(data).start()) {
      assertEquals("still here", query(server, "SELECT value FROM kept"));
    }
  }

  @Test
  void closeStopsTheServerAndReleasesItsPort() throws SQLException {
    EmbeddedPostgres server = throwaway(temp.resolve("data")).start();
    int port = server.port();
    query(server, "SELECT 1");
    server.close();
    assertFalse(Files.exists(server.dataDirectory().resolve(PostmasterPid.FILE_NAME)));
    assertFalse(accepts(port));
  }

  @Test
  void aSecondStartOnARunningDirectoryAttachesAndLeavesItRunning() throws SQLException {
    Path data = temp.resolve("data");
    try (EmbeddedPostgres owner = throwaway(data).start()) {
      try (EmbeddedPostgres attached = throwaway(data).start()) {
        assertFalse(attached.ownsServer());
        assertEquals(owner.port(), attached.port());
      }
      assertEquals("1", query(owner, "SELECT 1"));
    }
  }

  @Test
  void theProcessThatStartedTheServerLeavesItToAProcessStillUsingIt() throws Exception {
    Path data = temp.resolve("data");
    Process starter = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StartUntilStdinCloses.class.getName(), data.toString())
        .redirectError(temp.resolve("jvm.log").toFile()).start();
    try {
      int port = Integer.parseInt(new BufferedReader(new InputStreamReader(starter.getInputStream()))
          .readLine().strip());
      try (EmbeddedPostgres attached = throwaway(data).start()) {
        assertFalse(attached.ownsServer());
        assertEquals(port, attached.port());
        starter.getOutputStream().close();
        assertTrue(starter.waitFor(60, TimeUnit.SECONDS));
        assertEquals("1", query(attached, "SELECT 1"), "still served after its starter closed it");
      }
      assertFalse(accepts(port), "the last user stopped it");
    } finally {
      starter.destroyForcibly();
    }
  }

  @Test
  void aServerWhoseJvmWasKilledIsAdoptedAndStoppedOnClose() throws IOException, InterruptedException {
    Path data = temp.resolve("data");
    Process crashing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StartAndSleep.class.getName(), data.toString())
        .redirectErrorStream(true).redirectOutput(temp.resolve("jvm.log").toFile()).start();
    PostmasterPid orphan = awaitReady(data);
    crashing.destroyForcibly().waitFor();

    try (EmbeddedPostgres server = throwaway(data).start()) {
      assertTrue(server.ownsServer());
      assertEquals(orphan.port(), server.port());
    }
    assertFalse(ProcessHandle.of(orphan.pid()).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void aLockFileLeftByADeadServerDoesNotBlockTheNextStart() throws IOException, SQLException {
    Path data = temp.resolve("data");
    throwaway(data).start().close();
    // The pid of this JVM: alive, but not a postmaster, as after a crash and pid reuse.
    Files.writeString(data.resolve(PostmasterPid.FILE_NAME),
        ProcessHandle.current().pid() + "\n" + data + "\n0\n5432\n\n127.0.0.1\n0 0\nready   \n");
    try (EmbeddedPostgres server = throwaway(data).start()) {
      assertEquals("1", query(server, "SELECT 1"));
    }
  }

  @Test
  void aTakenPortIsReportedInOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var error = assertThrows(EmbeddedPostgresException.class,
          () -> throwaway(temp.resolve("data")).port(taken.getLocalPort()).start());
      assertEquals("port " + taken.getLocalPort() + " on 127.0.0.1 is in use; pass another port, or 0 for any free one",
          error.getMessage());
    }
  }

  @Test
  void aDirectoryHoldingSomethingElseIsRejected() throws IOException {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("notes.txt"), "not a cluster");
    var error = assertThrows(EmbeddedPostgresException.class, () -> throwaway(data).start());
    assertTrue(error.getMessage().contains("no PG_VERSION"), error.getMessage());
    assertFalse(error.getMessage().contains("\n"));
  }

  @Test
  void createDatabaseIsIdempotent() throws SQLException {
    try (EmbeddedPostgres server = throwaway(temp.resolve("data")).start()) {
      server.createDatabase("scratch");
      server.createDatabase("scratch");
      try (Connection connection = server.connectTo("scratch")) {
        assertTrue(connection.isValid(5));
      }
      server.dropDatabase("scratch");
      assertThrows(IllegalArgumentException.class, () -> server.createDatabase("Robert'); DROP"));
    }
  }

  private static EmbeddedPostgresBuilder throwaway(Path data) {
    return EmbeddedPostgres.builder().dataDirectory(data).durable(false);
  }

  private static String query(EmbeddedPostgres server, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }

  private static void execute(EmbeddedPostgres server, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static PostmasterPid awaitReady(Path data) throws InterruptedException {
    for (int poll = 0; poll < 1200; poll++) {
      var lock = PostmasterPid.read(data);
      if (lock.isPresent() && lock.get().ready()) {
        return lock.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no server became ready on " + data);
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
