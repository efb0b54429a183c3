package dev.selfmoe.engine.eval.code;

import java.util.Collections;
import java.util.List;

/** Programs per second on trivial programs: the sandbox's own overhead, which bounds code-benchmark scoring speed. */
public final class SandboxThroughput {
  private SandboxThroughput() {}

  public static double programsPerSecond(PythonSandbox sandbox, int programs, int parallelism) {
    List<String> batch = Collections.nCopies(programs, "assert sum(range(10)) == 45\n");
    long t0 = System.nanoTime();
    List<SandboxResult> results = sandbox.run(batch, parallelism);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long failed = results.stream().filter(r -> !r.passed()).count();
    if (failed > 0) {
      throw new dev.selfmoe.engine.EngineException("sandbox throughput: " + failed + " of " + programs
          + " trivial programs failed, e.g. " + results.stream().filter(r -> !r.passed()).findFirst().orElseThrow());
    }
    return programs / seconds;
  }
}
