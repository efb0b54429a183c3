package dev.selfmoe.engine.eval.code;

import dev.selfmoe.engine.EngineException;
import java.time.Duration;

/**
 * What one sandboxed program may use. The wall-clock timeout matches the harnesses' 3 s; the CPU limit sits just
 * above it so a busy loop is stopped by the kernel even if the parent's timer is late.
 */
public record SandboxLimits(
    Duration timeout, int cpuSeconds, long memoryBytes, long fileBytes, int processes, int outputTailBytes) {

  public SandboxLimits {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new EngineException("sandbox timeout must be positive, got " + timeout);
    }
    if (cpuSeconds < 1 || memoryBytes < (64L << 20) || fileBytes < 1 || processes < 1 || outputTailBytes < 0) {
      throw new EngineException("sandbox limits out of range: cpu " + cpuSeconds + " s, memory " + memoryBytes
          + " B (>= 64 MiB), file " + fileBytes + " B, processes " + processes + ", tail " + outputTailBytes);
    }
  }

  public static SandboxLimits defaults() {
    return new SandboxLimits(Duration.ofSeconds(3), 4, 1L << 30, 16L << 20, 32, 4096);
  }

  public SandboxLimits withTimeout(Duration t) {
    return new SandboxLimits(t, (int) Math.max(1, Math.ceilDiv(t.toMillis(), 1000) + 1), memoryBytes, fileBytes,
        processes, outputTailBytes);
  }
}
