package dev.selfmoe.engine.eval.code;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.FileTrees;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs untrusted Python programs (model completions plus tests), one {@code python3} process each, in a fresh
 * temporary directory that is deleted afterwards, with a scrubbed environment, resource limits and, where the host
 * allows it, no network and a read-only file system outside the work directory. Thread-safe: runs share nothing.
 */
public final class PythonSandbox {
  private static final System.Logger LOG = System.getLogger(PythonSandbox.class.getName());
  private static final String PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /**
   * Per-item metric of the code benchmarks: 1 when the program ran without network access, so a results file says
   * whether its pass rates came from isolated runs.
   */
  public static final String ISOLATION_METRIC = "sandbox_network_isolated";

  private static volatile SandboxIsolation probed;

  private final SandboxLimits limits;
  private final SandboxIsolation isolation;

  public PythonSandbox() {
    this(SandboxLimits.defaults());
  }

  public PythonSandbox(SandboxLimits limits) {
    this.limits = limits;
    this.isolation = isolation();
  }

  public SandboxLimits limits() {
    return limits;
  }

  /** Whether programs run without network, in their own PID and mount namespaces. */
  public boolean networkIsolated() {
    return isolation.namespaces;
  }

  public SandboxResult run(String program) {
    return run(program, limits, isolation);
  }

  /** Results in the order of {@code programs}. */
  public List<SandboxResult> run(List<String> programs, int parallelism) {
    if (parallelism < 1) {
      throw new EngineException("sandbox parallelism must be >= 1, got " + parallelism);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
      List<Future<SandboxResult>> futures = new ArrayList<>();
      for (String p : programs) {
        futures.add(pool.submit(() -> run(p)));
      }
      List<SandboxResult> out = new ArrayList<>(futures.size());
      for (Future<SandboxResult> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while running sandboxed programs", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof EngineException ee ? ee
          : new EngineException("sandboxed run failed: " + e.getCause(), e.getCause());
    }
  }

  /** Probes once per JVM; a host without usable namespaces gets a warning, not a failure. */
  private static SandboxIsolation isolation() {
    SandboxIsolation iso = probed;
    if (iso == null) {
      synchronized (PythonSandbox.class) {
        if (probed == null) {
          probed = probe();
        }
        iso = probed;
      }
    }
    return iso;
  }

  private static SandboxIsolation probe() {
    // Only loopback proves the network namespace; the import proves the interpreter works after dropping root.
    String check = "import socket, json\nassert [n for _, n in socket.if_nameindex()] == ['lo'], socket.if_nameindex()\n";
    SandboxLimits quick = SandboxLimits.defaults().withTimeout(java.time.Duration.ofSeconds(10));
    SandboxIsolation ns = SandboxIsolation.candidate(true);
    SandboxResult r = run(check, quick, ns);
    if (r.passed()) {
      return ns;
    }
    LOG.log(System.Logger.Level.WARNING, "python sandbox: network/PID/mount namespaces unavailable (unshare: "
        + r.stderrTail().strip().replace('\n', ' ') + "); programs run with resource limits only and CAN reach the"
        + " network and write outside their directory");
    SandboxIsolation plain = SandboxIsolation.candidate(false);
    SandboxResult p = run("import json\n", quick, plain);
    if (!p.passed()) {
      throw new EngineException("python sandbox: cannot run " + plain.python + " (exit " + p.exitCode() + "): "
          + p.stderrTail().strip().replace('\n', ' '));
    }
    return plain;
  }

  private static SandboxResult run(String program, SandboxLimits limits, SandboxIsolation iso) {
    Path base = null;
    try {
      base = Files.createTempDirectory("selfmoe-sandbox-");
      // The base stays unlistable to others; nobody only needs to pass through it.
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
      Path work = Files.createDirectory(base.resolve("work"));
      // Root drops to nobody inside, which must still be able to write its own directory.
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path file = work.resolve("program.py");
      Files.writeString(file, program, StandardCharsets.UTF_8);
      Path out = base.resolve("stdout");
      Path err = base.resolve("stderr");
      ProcessBuilder pb = new ProcessBuilder(iso.command(work, file, limits))
          .directory(work.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      Map<String, String> env = pb.environment();
      env.clear();
      env.put("PATH", PATH);
      env.put("LANG", "C.UTF-8");
      env.put("HOME", work.toString());
      env.put("TMPDIR", work.toString());
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      env.put("PYTHONNOUSERSITE", "1");
      long t0 = System.nanoTime();
      Process proc = pb.start();
      boolean finished = proc.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      ProcessKiller.killTree(proc);
      double seconds = (System.nanoTime() - t0) / 1e9;
      int code = proc.exitValue();
      return new SandboxResult(finished && code == 0, !finished, code,
          tail(out, limits.outputTailBytes()), tail(err, limits.outputTailBytes()), seconds);
    } catch (IOException e) {
      throw new EngineException("python sandbox: cannot run a program in " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("python sandbox: interrupted", e);
    } finally {
      if (base != null) {
        try {
          FileTrees.deleteRecursively(base);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "python sandbox: could not delete " + base + ": " + e.getMessage());
        }
      }
    }
  }

  private static String tail(Path p, int max) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(len, max);
      byte[] b = new byte[n];
      f.seek(len - n);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }
  }
}
