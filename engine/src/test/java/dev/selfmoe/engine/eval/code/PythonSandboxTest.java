package dev.selfmoe.engine.eval.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PythonSandboxTest {
  private final PythonSandbox sandbox = new PythonSandbox();

  @Test
  void passesAndFailsByExitStatus() {
    SandboxResult ok = sandbox.run("print('hi')\n");
    assertTrue(ok.passed(), ok.toString());
    assertEquals("hi\n", ok.stdoutTail());
    SandboxResult bad = sandbox.run("assert 1 == 2, 'nope'\n");
    assertFalse(bad.passed());
    assertEquals(1, bad.exitCode());
    assertTrue(bad.stderrTail().contains("AssertionError: nope"), bad.stderrTail());
  }

  @Test
  void isolationIsReportedAndEnvironmentScrubbed() {
    System.out.println("network isolated: " + sandbox.networkIsolated());
    SandboxResult r = sandbox.run("import os\nprint(sorted(os.environ))\nprint(os.getcwd())\n");
    assertTrue(r.passed(), r.toString());
    assertFalse(r.stdoutTail().contains("JAVA_HOME"), r.stdoutTail());
    assertTrue(r.stdoutTail().contains("selfmoe-sandbox-"), r.stdoutTail());
  }

  @Test
  void infiniteLoopTimesOutAndLeavesNoProcess() {
    SandboxResult r = sandbox.run("while True:\n  pass\n");
    assertFalse(r.passed());
    assertTrue(r.timedOut() || r.exitCode() != 0, r.toString());
    assertTrue(r.seconds() < 6, r.toString());
    assertEquals(0, sandboxedProcesses(), "leftover sandbox processes");
  }

  @Test
  void forkBombIsContained() {
    String bomb = "import os, time\nwhile True:\n  try:\n    os.fork()\n  except OSError:\n    time.sleep(0.01)\n";
    SandboxResult r = sandbox.run(bomb);
    assertFalse(r.passed(), r.toString());
    assertTrue(r.seconds() < 10, r.toString());
    assertEquals(0, sandboxedProcesses(), "leftover fork-bomb processes");
  }

  @Test
  void cannotWriteOutsideItsDirectory() {
    Path escape = Path.of("/tmp/selfmoe-escape-" + UUID.randomUUID());
    SandboxResult r = sandbox.run("open('" + escape + "', 'w').write('x')\n");
    assertFalse(r.passed(), r.toString());
    assertFalse(Files.exists(escape), "program wrote " + escape);
    SandboxResult local = sandbox.run("open('inside.txt', 'w').write('x')\nprint(open('inside.txt').read())\n");
    assertTrue(local.passed(), local.toString());
  }

  @Test
  void cannotOpenNetworkConnections() {
    SandboxResult r = sandbox.run("import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=2)\n");
    assertFalse(r.passed(), r.toString());
    if (sandbox.networkIsolated()) {
      assertTrue(r.stderrTail().contains("unreachable"), r.stderrTail());
    }
  }

  @Test
  void hugeAllocationHitsTheMemoryLimit() {
    SandboxResult r = sandbox.run("x = bytearray(10 * 1024 ** 3)\n");
    assertFalse(r.passed(), r.toString());
    assertFalse(r.timedOut(), r.toString());
    assertTrue(r.stderrTail().contains("MemoryError"), r.stderrTail());
  }

  @Test
  void batchKeepsOrderAndThroughputIsMeasured() {
    List<SandboxResult> rs = sandbox.run(List.of("pass\n", "raise SystemExit(3)\n", "pass\n"), 2);
    assertEquals(List.of(true, false, true), rs.stream().map(SandboxResult::passed).toList());
    assertEquals(3, rs.get(1).exitCode());
    double pps = SandboxThroughput.programsPerSecond(sandbox, 20, 2);
    System.out.printf("sandbox throughput: %.1f programs/s (parallelism 2)%n", pps);
    assertTrue(pps > 1, "throughput " + pps);
  }

  /** Processes running a sandbox program: the bootstrap passes the program path, which names the temp dir. */
  private static long sandboxedProcesses() {
    long deadline = System.currentTimeMillis() + 2000;
    long n;
    do {
      n = ProcessHandle.allProcesses()
          .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains("selfmoe-sandbox-")).orElse(false))
          .count();
    } while (n > 0 && System.currentTimeMillis() < deadline);
    return n;
  }
}
