package dev.selfmoe.worker.temporal;

import java.nio.file.Path;

/**
 * Runs in a child JVM of a test: owns a dev server until killed, so the test can leave a server without its owner the
 * way a SIGKILLed selfmoe run does.
 */
public final class DevServerOwner {
  private DevServerOwner() {}

  public static void main(String[] args) throws Exception {
    TemporalDevServer server = TemporalDevServer.start(Path.of(args[0]), Path.of(args[1]));
    System.out.println(server.pid() + " " + server.target());
    System.out.flush();
    // Exit (and stop the server) when the test's JVM goes away and closes our stdin, unless killed first.
    while (System.in.read() != -1) {
      // Nothing is sent on stdin; it only signals that the test is still running.
    }
    server.close();
  }
}
