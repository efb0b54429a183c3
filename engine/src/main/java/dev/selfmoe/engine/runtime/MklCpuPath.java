package dev.selfmoe.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Which code path libtorch's bundled MKL takes. On AMD CPUs that MKL picks slower generic kernels unless the launcher
 * preloads {@code libselfmoe_mkl_cpu.so}, which reports the CPU as Intel (AVX-512 kernels where the CPU has them,
 * Intel's AVX2 ones otherwise). The override is unofficial, so when it is active the engine checks MKL's results
 * against a float64 reference before trusting it.
 */
public final class MklCpuPath {
  public static final String OVERRIDE_LIBRARY = "libselfmoe_mkl_cpu.so";

  /** {@code path} is "override" or "stock"; {@code reason} says why. */
  public record Status(String path, String reason) {
    public String summary() {
      return path + " (" + reason + ")";
    }
  }

  private static volatile Status status;

  private MklCpuPath() {}

  public static Status status() {
    if (status == null) {
      status = detect();
    }
    return status;
  }

  private static Status detect() {
    String cpu = read(Path.of("/proc/cpuinfo"));
    boolean amd = cpu.contains("AuthenticAMD");
    String kernels = cpu.contains(" avx512f") ? "AVX-512" : "AVX2";
    if (read(Path.of("/proc/self/maps")).contains(OVERRIDE_LIBRARY)) {
      return new Status("override", "MKL's Intel " + kernels + " kernels on an AMD CPU, via the preloaded "
          + OVERRIDE_LIBRARY + ", GEMM-checked against float64");
    }
    if (!amd) {
      return new Status("stock", "not an AMD CPU: MKL picks its best kernels itself");
    }
    return new Status("stock", "AMD CPU on MKL's generic kernels: the override is off (SELFMOE_MKL_PATH=stock, no C "
        + "compiler, or not started through ./selfmoe)");
  }

  /** With the override active, compares MKL GEMMs of varied shapes and transposes with a float64 reference. */
  static void verify() {
    if (!status().path().equals("override")) {
      return;
    }
    SplittableRandom random = new SplittableRandom(17);
    int[][] shapes = {{1, 64, 64}, {7, 129, 33}, {64, 576, 1536}, {256, 576, 192}, {3, 1000, 17}};
    try (NDManager m = NDManager.newBaseManager()) {
      for (int[] s : shapes) {
        for (boolean transposeB : new boolean[] {false, true}) {
          float[] a = randoms(random, s[0] * s[1]);
          float[] b = randoms(random, s[1] * s[2]);
          NDArray left = m.create(a, new Shape(s[0], s[1]));
          NDArray right = transposeB
              ? m.create(transpose(b, s[1], s[2]), new Shape(s[2], s[1])).transpose()
              : m.create(b, new Shape(s[1], s[2]));
          float[] c = left.matMul(right).toFloatArray();
          for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[2]; j++) {
              double ref = 0;
              for (int k = 0; k < s[1]; k++) {
                ref += (double) a[i * s[1] + k] * b[k * s[2] + j];
              }
              if (Math.abs(ref - c[i * s[2] + j]) > 1e-4 * Math.sqrt(s[1]) + 1e-4 * Math.abs(ref)) {
                status = new Status("override", "FAILED its GEMM self-check");
                throw new EngineException("MKL with the Intel-kernel override gave a wrong GEMM result on this CPU; "
                    + "run with SELFMOE_MKL_PATH=stock");
              }
            }
          }
        }
      }
    }
  }

  private static float[] randoms(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  private static float[] transpose(float[] b, int rows, int cols) {
    float[] t = new float[b.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = b[i * cols + j];
      }
    }
    return t;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
