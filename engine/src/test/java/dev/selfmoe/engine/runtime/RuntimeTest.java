package dev.selfmoe.engine.runtime;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class RuntimeTest {
  @Test
  void engineStartsOnceAndReportsItsMklPath() {
    assertSame(EngineRuntime.init(), EngineRuntime.init());
    MklCpuPath.Status s = MklCpuPath.status();
    assertTrue(s.path().equals("stock") || s.path().equals("override"), s.summary());
    assertFalse(s.reason().isBlank());
  }

  @Test
  void ceilingAndMemoryArePositive() {
    EngineRuntime.init();
    try (NDManager m = NDManager.newBaseManager()) {
      assertTrue(GemmCeiling.measure(m, 256, 3) > 0.1);
    }
    long rss = ProcessMemory.residentBytes();
    assertTrue(rss > 10 << 20, "rss " + rss);
    assertTrue(ProcessMemory.peakResidentBytes() >= rss);
  }
}
