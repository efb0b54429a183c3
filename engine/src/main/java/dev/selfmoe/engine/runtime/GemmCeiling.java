package dev.selfmoe.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** The machine's fp32 matrix-multiply throughput through the same libtorch the engine uses: the ceiling. */
public final class GemmCeiling {
  private GemmCeiling() {}

  /**
   * The best GFLOP/s of {@code reps} n×n×n products after one warm-up: a ceiling is what the machine can reach, and
   * on a shared machine the best run is the one least disturbed by neighbours.
   */
  public static double measure(NDManager parent, int n, int reps) {
    try (NDManager m = parent.newSubManager()) {
      NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
      a.matMul(b).close();
      double[] seconds = new double[reps];
      for (int i = 0; i < reps; i++) {
        long start = System.nanoTime();
        NDArray c = a.matMul(b);
        c.toByteBuffer(true).getFloat(0); // a view of the result: no copy on the Java heap
        seconds[i] = (System.nanoTime() - start) / 1e9;
        c.close();
      }
      Arrays.sort(seconds);
      return 2.0 * n * n * n / seconds[0] / 1e9;
    } finally {
      NativeHeap.trim();
    }
  }
}
