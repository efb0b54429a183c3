package dev.selfmoe.db.postgres;

import java.nio.file.Path;

/** A JVM that starts a server, prints its port, and closes it as a finishing selfmoe command would once told to. */
final class StartUntilStdinCloses {
  private StartUntilStdinCloses() {}

  public static void main(String[] args) throws Exception {
    EmbeddedPostgres server = EmbeddedPostgres.builder().dataDirectory(Path.of(args[0])).durable(false).start();
    System.out.println(server.port());
    System.out.flush();
    while (System.in.read() != -1) {
      // Nothing is sent; the end of stdin is the signal.
    }
    server.close();
  }
}
