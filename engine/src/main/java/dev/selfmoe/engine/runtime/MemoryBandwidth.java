package dev.selfmoe.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * How fast libtorch streams a large float32 array from memory: decoding a small batch reads every weight once per
 * step, so this bounds decode throughput the way the GEMM ceiling bounds prefill.
 */
public final class MemoryBandwidth {
  private MemoryBandwidth() {}

  /** Median GB/s of summing a {@code megabytes}-MB array, after one warm-up. */
  public static double measure(NDManager parent, int megabytes, int reps) {
    try (NDManager m = parent.newSubManager()) {
      long floats = (long) megabytes * 1_000_000 / 4;
      NDArray a = m.ones(new Shape(floats));
      a.sum().close();
      double[] seconds = new double[reps];
      for (int i = 0; i < reps; i++) {
        long start = System.nanoTime();
        NDArray s = a.sum();
        s.toFloatArray();
        seconds[i] = (System.nanoTime() - start) / 1e9;
        s.close();
      }
      Arrays.sort(seconds);
      return floats * 4 / seconds[reps / 2] / 1e9;
    }
  }
}
