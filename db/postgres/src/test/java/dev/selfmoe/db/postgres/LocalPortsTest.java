package dev.selfmoe.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPortsTest {
  @Test
  void picksDistinctBindablePortsTheKernelNeverHandsToBindZero() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    assumeTrue(Files.exists(range), "a Linux kernel");
    int ephemeralLow = LocalPorts.ephemeralLow();
    assertEquals(Files.readAllLines(range).get(0).split("\\s+")[0],
        Integer.toString(ephemeralLow));
    assumeTrue(ephemeralLow > 11_000, "this kernel's ephemeral range starts at " + ephemeralLow);
    List<Integer> ports = LocalPorts.pick(8);
    assertEquals(8, new HashSet<>(ports).size(), ports.toString());
    for (int port : ports) {
      assertTrue(port < ephemeralLow, port + " is in the ephemeral range from " + ephemeralLow);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertEquals(port, socket.getLocalPort());
      }
    }
  }
}
