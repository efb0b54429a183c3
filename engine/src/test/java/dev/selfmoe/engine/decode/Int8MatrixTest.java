package dev.selfmoe.engine.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8MatrixTest {
  private static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void quantisationErrorIsAtMostHalfAStepOfItsBlock() {
    int out = 16;
    int in = 72; // two full blocks of 32 and a partial one
    float[] w = gaussian(out * in, 1);
    w[5] = 40f; // an outlier widens only its own block's step
    Int8Matrix m = Int8Matrix.quantize(w, 0, out, in);
    for (int n = 0; n < out; n++) {
      for (int k = 0; k < in; k++) {
        int from = k / 32 * 32;
        float max = 0;
        for (int j = from; j < Math.min(in, from + 32); j++) {
          max = Math.max(max, Math.abs(w[n * in + j]));
        }
        float step = max / 127;
        assertTrue(Math.abs(m.get(n, k) - w[n * in + k]) <= step / 2 * 1.0001f, "[" + n + ", " + k + "]");
      }
    }
    assertTrue(Math.abs(m.get(0, 40) - w[40]) < 0.02f, "the block after the outlier keeps a fine step");
  }

  @Test
  void everyBatchWidthMatchesTheDirectProductAndAccumulates() {
    int out = 24;
    int in = 72;
    Int8Matrix m = Int8Matrix.quantize(gaussian(out * in, 2), 0, out, in);
    for (int rows : new int[] {1, 3, 4, 5, 8, 9, 13, 16, 21, 33}) {
      float[] x = gaussian(rows * in, rows);
      float[] y = new float[rows * out];
      Int8Kernel.multiply(m, x, rows, y, out, 0, false, 0, m.tiles());
      float[] again = gaussian(rows * out, 99);
      float[] before = again.clone();
      Int8Kernel.multiply(m, x, rows, again, out, 0, true, 0, m.tiles());
      assertProducts(m, x, rows, y, before, again);
      // a row's result does not depend on how many rows share the call
      float[] alone = new float[out];
      Int8Kernel.multiply(m, java.util.Arrays.copyOfRange(x, (rows - 1) * in, rows * in), 1, alone, out, 0, false,
          0, m.tiles());
      for (int n = 0; n < out; n++) {
        assertEquals(Float.floatToIntBits(alone[n]), Float.floatToIntBits(y[(rows - 1) * out + n]));
      }
    }
  }

  @Test
  void theRowKernelMatchesTheDirectProductAndTheBatchKernel() {
    int out = 24;
    int in = 72; // blocks of 32, 32 and 8 columns: the last one ends between the four chains
    Int8Matrix m = Int8Matrix.quantize(gaussian(out * in, 4), 0, out, in);
    float[] first = null;
    for (int rows = 1; rows < RowKernel.MAX_ROWS; rows++) {
      float[] x = gaussian(rows * in, 7); // row 0 is the same in every round
      float[] expanded = new float[RowKernel.expandedLength(rows, in)];
      RowKernel.expand(x, rows, in, expanded);
      float[] y = new float[rows * out];
      RowKernel.multiply(m, expanded, rows, y, out, 0, false, 0, m.tiles());
      float[] again = gaussian(rows * out, 99);
      float[] before = again.clone();
      RowKernel.multiply(m, expanded, rows, again, out, 0, true, 0, m.tiles());
      float[] batched = new float[rows * out];
      Int8Kernel.multiply(m, x, rows, batched, out, 0, false, 0, m.tiles());
      assertProducts(m, x, rows, y, before, again);
      assertArrayEquals(batched, y, 1e-5f, "the two kernels differ only in rounding");
      float[] row0 = java.util.Arrays.copyOf(y, out);
      if (first == null) {
        first = row0;
      }
      assertArrayEquals(first, row0, "a row's result does not depend on the rows beside it");
    }
  }

  /** y is x · Wᵀ, and {@code again} is {@code before} plus it (the accumulating call). */
  private static void assertProducts(Int8Matrix m, float[] x, int rows, float[] y, float[] before, float[] again) {
    int out = m.out();
    int in = m.in();
    for (int r = 0; r < rows; r++) {
      for (int n = 0; n < out; n++) {
        double expected = 0;
        for (int k = 0; k < in; k++) {
          expected += (double) m.get(n, k) * x[r * in + k];
        }
        assertEquals(expected, y[r * out + n], 1e-4, rows + " rows, [" + r + ", " + n + "]");
        assertEquals(before[r * out + n] + expected, again[r * out + n], 1e-4);
      }
    }
  }

  @Test
  void shapesThatDoNotTileAreRefused() {
    assertTrue(!Int8Matrix.fits(12, 64));
    assertTrue(!Int8Matrix.fits(16, 63), "sixteen-float kernels take columns in pairs");
    assertThrows(IllegalArgumentException.class, () -> Int8Matrix.quantize(new float[12 * 64], 0, 12, 64));
  }
}
