package dev.selfmoe.db.postgres;

import java.nio.file.Path;

/** A JVM that starts a server and never closes it, for tests to kill as a crash would. */
final class StartAndSleep {
  private StartAndSleep() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgres.builder().dataDirectory(Path.of(args[0])).durable(false).start();
    Thread.sleep(Long.MAX_VALUE);
  }
}
