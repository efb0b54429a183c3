package dev.selfmoe.worker.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports on 127.0.0.1 that nothing listens on right now. */
final class FreePorts {
  private FreePorts() {}

  /**
   * Returns {@code count} distinct free ports. All sockets stay open until every port is picked, so the kernel cannot
   * hand out the same port twice; another process may still take one before our server binds it, a rare race that
   * shows up as a clear start-up error.
   */
  static List<Integer> pick(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free local port: " + e.getMessage(), e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a socket that was only bound cannot lose data.
        }
      }
    }
  }

  static int pick() {
    return pick(1).get(0);
  }
}
