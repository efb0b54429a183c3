package dev.selfmoe.engine.decode;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x · Wᵀ for one row of x against an {@link Int8Matrix}, at the CPU's full vector width: the kernel for batches
 * too small to share a widened weight column among many rows ({@link Int8Kernel} does that for larger ones), where
 * a single dependent chain of multiply-adds would leave most of the CPU idle.
 *
 * <p>A vector holds one column of a tile (eight outputs) on an eight-float CPU, two adjacent columns on a
 * sixteen-float one, so each multiply-add takes the matching inputs from an {@link #expand expanded} copy of x (each
 * value repeated eight times) in one load instead of broadcasting them one by one. Within a block of 32 columns the
 * products go to four independent chains; the block's scales are applied once at its end.
 */
final class RowKernel {
  /** Batches below this many rows run here, one row after another. */
  static final int MAX_ROWS = 4;

  private static final VectorSpecies<Float> F =
      FloatVector.SPECIES_PREFERRED.length() >= 16 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final int LANES = F.length();
  /** Tile columns per vector: 1 or 2. */
  private static final int COLUMNS = LANES / Int8Matrix.TILE;
  private static final VectorSpecies<Byte> B = LANES == 16 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
  /** A block's eight scales in both halves of a sixteen-float vector. */
  private static final VectorShuffle<Float> TWICE = VectorShuffle.fromOp(F, i -> i % Int8Matrix.TILE);

  private RowKernel() {}

  static int bits() {
    return F.vectorBitSize();
  }

  /** Floats {@link #expand} writes for {@code rows} rows of width {@code in}. */
  static int expandedLength(int rows, int in) {
    return rows * in * Int8Matrix.TILE;
  }

  /** {@code into[(r·in + k)·8 + j] = x[r·in + k]} for j < 8: x laid out as a tile's columns are. */
  static void expand(float[] x, int rows, int in, float[] into) {
    for (int i = 0; i < rows * in; i++) {
      FloatVector.broadcast(F8, x[i]).intoArray(into, i * Int8Matrix.TILE);
    }
  }

  /**
   * Rows {@code [0, rows)} of x, {@link #expand expanded}, times tiles {@code [tileFrom, tileTo)} of w, into y at
   * {@code y[r·yStride + yOffset + n]}; added to what y holds when {@code accumulate}. Every row runs the same
   * sequence, so a row's result does not depend on the others.
   */
  static void multiply(Int8Matrix w, float[] xExpanded, int rows, float[] y, int yStride, int yOffset,
      boolean accumulate, int tileFrom, int tileTo) {
    for (int tile = tileFrom; tile < tileTo; tile++) {
      for (int r = 0; r < rows; r++) {
        row(w, tile, xExpanded, r, y, r * yStride + yOffset + tile * Int8Matrix.TILE, accumulate);
      }
    }
  }

  private static FloatVector weights(Int8Matrix w, int at) {
    return (FloatVector) ByteVector.fromArray(B, w.values, at).convertShape(VectorOperators.B2F, F, 0);
  }

  private static FloatVector scales(Int8Matrix w, int tile, int block) {
    // the scales array is padded, so reading the next block's eight as well stays inside it
    FloatVector v = FloatVector.fromArray(F, w.scales, (tile * w.blocks + block) * Int8Matrix.TILE);
    return COLUMNS == 2 ? v.rearrange(TWICE) : v;
  }

  private static void row(Int8Matrix w, int tile, float[] x, int r, float[] y, int at, boolean accumulate) {
    int in = w.in;
    int wBase = tile * in * Int8Matrix.TILE;
    int xBase = r * in * Int8Matrix.TILE;
    FloatVector t0 = FloatVector.zero(F);
    FloatVector t1 = t0;
    FloatVector t2 = t0;
    FloatVector t3 = t0;
    for (int b = 0; b < w.blocks; b++) {
      int first = b * Int8Matrix.BLOCK;
      int steps = (Math.min(in, first + Int8Matrix.BLOCK) - first) / COLUMNS;
      int off = first * Int8Matrix.TILE;
      FloatVector a0 = FloatVector.zero(F);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      int s = 0;
      for (; s + 4 <= steps; s += 4, off += 4 * LANES) {
        a0 = weights(w, wBase + off).fma(FloatVector.fromArray(F, x, xBase + off), a0);
        a1 = weights(w, wBase + off + LANES).fma(FloatVector.fromArray(F, x, xBase + off + LANES), a1);
        a2 = weights(w, wBase + off + 2 * LANES).fma(FloatVector.fromArray(F, x, xBase + off + 2 * LANES), a2);
        a3 = weights(w, wBase + off + 3 * LANES).fma(FloatVector.fromArray(F, x, xBase + off + 3 * LANES), a3);
      }
      if (s < steps) {
        a0 = weights(w, wBase + off).fma(FloatVector.fromArray(F, x, xBase + off), a0);
      }
      if (s + 1 < steps) {
        a1 = weights(w, wBase + off + LANES).fma(FloatVector.fromArray(F, x, xBase + off + LANES), a1);
      }
      if (s + 2 < steps) {
        a2 = weights(w, wBase + off + 2 * LANES).fma(FloatVector.fromArray(F, x, xBase + off + 2 * LANES), a2);
      }
      FloatVector scale = scales(w, tile, b);
      t0 = a0.fma(scale, t0);
      t1 = a1.fma(scale, t1);
      t2 = a2.fma(scale, t2);
      t3 = a3.fma(scale, t3);
    }
    // the four chains summed, then on a sixteen-float CPU the two columns' halves
    FloatVector sum = t0.add(t1).add(t2.add(t3));
    FloatVector eight = COLUMNS == 2
        ? ((FloatVector) sum.reinterpretShape(F8, 0)).add((FloatVector) sum.reinterpretShape(F8, 1))
        : (FloatVector) sum.reinterpretShape(F8, 0);
    (accumulate ? eight.add(FloatVector.fromArray(F8, y, at)) : eight).intoArray(y, at);
  }
}
