package dev.selfmoe.db.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on the loopback address for the local servers selfmoe starts (the embedded PostgreSQL, the Temporal dev
 * server and its Web UI).
 *
 * <p>A port is picked below the kernel's ephemeral range. One picked by binding port 0 is free only until its socket
 * closes: the kernel may hand the same number to the next bind(0) anywhere on the machine, and the Temporal dev server
 * binds several internal ports that way while it starts, before its Web UI binds the port we chose for it. Ports below
 * the range are never handed out, so one stays ours from picking to binding unless another process asks for exactly
 * that number.
 */
public final class LocalPorts {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  /** Linux's default start of the ephemeral range, for when the kernel's setting cannot be read. */
  private static final int DEFAULT_EPHEMERAL_LOW = 32768;
  private static final int WINDOW = 12_000;
  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS_PER_PORT = 64;

  private LocalPorts() {}

  /**
   * Returns {@code count} distinct ports nothing listens on. All stay bound until every port is picked, so none is
   * returned twice.
   */
  public static List<Integer> pick(int count) {
    int high = ephemeralLow();
    int low = Math.max(LOWEST, high - WINDOW);
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int attempt = 0; ports.size() < count && attempt < count * ATTEMPTS_PER_PORT; attempt++) {
        int port = high > low ? ThreadLocalRandom.current().nextInt(low, high) : 0;
        ServerSocket socket = tryBind(port);
        if (socket != null) {
          held.add(socket);
          ports.add(socket.getLocalPort());
        }
      }
      if (ports.size() < count) {
        throw new UncheckedIOException(new IOException(
            "cannot find " + count + " free ports on 127.0.0.1 between " + low + " and " + high));
      }
      return ports;
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a socket that was only bound cannot lose data.
        }
      }
    }
  }

  public static int free() {
    return pick(1).get(0);
  }

  static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "port " + port + " on 127.0.0.1 is in use; pass another port, or 0 for any free one");
    }
  }

  /** The first port of the kernel's ephemeral range. */
  public static int ephemeralLow() {
    // procfs reports a size of 0, which Files.readString trusts: it returns the first character only
    try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      String[] range = reader.readLine().trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  private static ServerSocket tryBind(int port) {
    try {
      return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      return null;
    }
  }
}
