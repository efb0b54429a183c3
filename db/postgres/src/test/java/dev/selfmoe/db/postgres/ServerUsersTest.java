package dev.selfmoe.db.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting a server's users within one JVM; across processes, EmbeddedPostgresTest and the dev-server tests. */
class ServerUsersTest {
  @TempDir Path dir;

  @Test
  void onlyTheLastToLeaveIsTold() {
    Path file = dir.resolve("server.users");
    ServerUsers first = ServerUsers.join(file);
    ServerUsers second = ServerUsers.join(file);
    assertFalse(first.leaveAsLast());
    first.close();
    assertTrue(second.leaveAsLast());
    second.close();
    try (ServerUsers again = ServerUsers.join(file)) {
      assertTrue(again.leaveAsLast(), "a new user after everyone left is the only one");
    }
  }

  @Test
  void aJoinWaitsWhileTheLastUserStopsTheServer() throws Exception {
    Path file = dir.resolve("server.users");
    ServerUsers leaving = ServerUsers.join(file);
    assertTrue(leaving.leaveAsLast());
    CompletableFuture<ServerUsers> joining = CompletableFuture.supplyAsync(() -> ServerUsers.join(file));
    Thread.sleep(300);
    assertFalse(joining.isDone(), "the server is still being stopped");
    leaving.close();
    try (ServerUsers joined = joining.get(10, TimeUnit.SECONDS)) {
      assertTrue(joined.leaveAsLast());
    }
  }
}
