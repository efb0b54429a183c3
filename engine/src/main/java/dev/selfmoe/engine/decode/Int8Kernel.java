package dev.selfmoe.engine.decode;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x · Wᵀ for a batch of rows of x against an {@link Int8Matrix}, one tile of eight outputs at a time (smaller
 * batches go to {@link RowKernel}). Each weight column of a tile is widened and scaled once, then used by up to eight
 * rows of x: the weights are read once per step whatever the batch, and the eight accumulators stay in registers for
 * the whole input.
 */
final class Int8Kernel {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;

  /**
   * Whether a widened column serves sixteen rows: their accumulators need sixteen of the 32 vector registers an
   * AVX-512 CPU has (an AVX2 one has 16 in all).
   */
  static final boolean SIXTEEN_ROWS = FloatVector.SPECIES_PREFERRED.length() >= 16;

  private Int8Kernel() {}

  static String describe() {
    return "CPU vectors " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit; int8 decode kernels "
        + RowKernel.bits() + "-bit below " + RowKernel.MAX_ROWS + " rows, " + F.vectorBitSize() + "-bit from "
        + RowKernel.MAX_ROWS;
  }

  /** Whether this CPU runs eight-float vectors natively (else the JIT would emulate them, slowly). */
  static boolean supported() {
    return FloatVector.SPECIES_PREFERRED.length() >= F.length();
  }

  /**
   * Rows {@code [0, rows)} of x ({@code [rows, w.in]}, row stride {@code w.in}) times tiles {@code [tileFrom,
   * tileTo)} of w, into y at {@code y[r·yStride + yOffset + n]}; added to what y holds when {@code accumulate}.
   */
  static void multiply(Int8Matrix w, float[] x, int rows, float[] y, int yStride, int yOffset, boolean accumulate,
      int tileFrom, int tileTo) {
    for (int tile = tileFrom; tile < tileTo; tile++) {
      int r = 0;
      if (SIXTEEN_ROWS) {
        for (; r + 16 <= rows; r += 16) {
          rows16(w, tile, x, r, y, yStride, yOffset, accumulate);
        }
      }
      for (; r + 8 <= rows; r += 8) {
        rows8(w, tile, x, r, y, yStride, yOffset, accumulate);
      }
      for (; r + 4 <= rows; r += 4) {
        rows4(w, tile, x, r, y, yStride, yOffset, accumulate);
      }
      for (; r < rows; r++) {
        rows1(w, tile, x, r, y, yStride, yOffset, accumulate);
      }
    }
  }

  private static FloatVector column(Int8Matrix w, int tile, int k, FloatVector scale) {
    return ((FloatVector) ByteVector.fromArray(B, w.values, (tile * w.in + k) * 8)
        .convertShape(VectorOperators.B2F, F, 0)).mul(scale);
  }

  private static void store(FloatVector acc, float[] y, int at, boolean accumulate) {
    (accumulate ? acc.add(FloatVector.fromArray(F, y, at)) : acc).intoArray(y, at);
  }

  // rows8's sequence for sixteen rows
  private static void rows16(Int8Matrix w, int tile, float[] x, int r, float[] y, int yStride, int yOffset,
      boolean accumulate) {
    int in = w.in;
    int x0 = r * in;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector a8 = a0;
    FloatVector a9 = a0;
    FloatVector a10 = a0;
    FloatVector a11 = a0;
    FloatVector a12 = a0;
    FloatVector a13 = a0;
    FloatVector a14 = a0;
    FloatVector a15 = a0;
    for (int b = 0; b < w.blocks; b++) {
      FloatVector scale = FloatVector.fromArray(F, w.scales, (tile * w.blocks + b) * 8);
      int end = Math.min(in, (b + 1) * Int8Matrix.BLOCK);
      for (int k = b * Int8Matrix.BLOCK; k < end; k++) {
        FloatVector c = column(w, tile, k, scale);
        int xk = x0 + k;
        a0 = c.fma(FloatVector.broadcast(F, x[xk]), a0);
        a1 = c.fma(FloatVector.broadcast(F, x[xk + in]), a1);
        a2 = c.fma(FloatVector.broadcast(F, x[xk + 2 * in]), a2);
        a3 = c.fma(FloatVector.broadcast(F, x[xk + 3 * in]), a3);
        a4 = c.fma(FloatVector.broadcast(F, x[xk + 4 * in]), a4);
        a5 = c.fma(FloatVector.broadcast(F, x[xk + 5 * in]), a5);
        a6 = c.fma(FloatVector.broadcast(F, x[xk + 6 * in]), a6);
        a7 = c.fma(FloatVector.broadcast(F, x[xk + 7 * in]), a7);
        a8 = c.fma(FloatVector.broadcast(F, x[xk + 8 * in]), a8);
        a9 = c.fma(FloatVector.broadcast(F, x[xk + 9 * in]), a9);
        a10 = c.fma(FloatVector.broadcast(F, x[xk + 10 * in]), a10);
        a11 = c.fma(FloatVector.broadcast(F, x[xk + 11 * in]), a11);
        a12 = c.fma(FloatVector.broadcast(F, x[xk + 12 * in]), a12);
        a13 = c.fma(FloatVector.broadcast(F, x[xk + 13 * in]), a13);
        a14 = c.fma(FloatVector.broadcast(F, x[xk + 14 * in]), a14);
        a15 = c.fma(FloatVector.broadcast(F, x[xk + 15 * in]), a15);
      }
    }
    int at = r * yStride + yOffset + tile * 8;
    store(a0, y, at, accumulate);
    store(a1, y, at + yStride, accumulate);
    store(a2, y, at + 2 * yStride, accumulate);
    store(a3, y, at + 3 * yStride, accumulate);
    store(a4, y, at + 4 * yStride, accumulate);
    store(a5, y, at + 5 * yStride, accumulate);
    store(a6, y, at + 6 * yStride, accumulate);
    store(a7, y, at + 7 * yStride, accumulate);
    store(a8, y, at + 8 * yStride, accumulate);
    store(a9, y, at + 9 * yStride, accumulate);
    store(a10, y, at + 10 * yStride, accumulate);
    store(a11, y, at + 11 * yStride, accumulate);
    store(a12, y, at + 12 * yStride, accumulate);
    store(a13, y, at + 13 * yStride, accumulate);
    store(a14, y, at + 14 * yStride, accumulate);
    store(a15, y, at + 15 * yStride, accumulate);
  }

  private static void rows8(Int8Matrix w, int tile, float[] x, int r, float[] y, int yStride, int yOffset,
      boolean accumulate) {
    int in = w.in;
    int x0 = r * in;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    for (int b = 0; b < w.blocks; b++) {
      FloatVector scale = FloatVector.fromArray(F, w.scales, (tile * w.blocks + b) * 8);
      int end = Math.min(in, (b + 1) * Int8Matrix.BLOCK);
      for (int k = b * Int8Matrix.BLOCK; k < end; k++) {
        FloatVector c = column(w, tile, k, scale);
        int xk = x0 + k;
        a0 = c.fma(FloatVector.broadcast(F, x[xk]), a0);
        a1 = c.fma(FloatVector.broadcast(F, x[xk + in]), a1);
        a2 = c.fma(FloatVector.broadcast(F, x[xk + 2 * in]), a2);
        a3 = c.fma(FloatVector.broadcast(F, x[xk + 3 * in]), a3);
        a4 = c.fma(FloatVector.broadcast(F, x[xk + 4 * in]), a4);
        a5 = c.fma(FloatVector.broadcast(F, x[xk + 5 * in]), a5);
        a6 = c.fma(FloatVector.broadcast(F, x[xk + 6 * in]), a6);
        a7 = c.fma(FloatVector.broadcast(F, x[xk + 7 * in]), a7);
      }
    }
    int at = r * yStride + yOffset + tile * 8;
    store(a0, y, at, accumulate);
    store(a1, y, at + yStride, accumulate);
    store(a2, y, at + 2 * yStride, accumulate);
    store(a3, y, at + 3 * yStride, accumulate);
    store(a4, y, at + 4 * yStride, accumulate);
    store(a5, y, at + 5 * yStride, accumulate);
    store(a6, y, at + 6 * yStride, accumulate);
    store(a7, y, at + 7 * yStride, accumulate);
  }

  private static void rows4(Int8Matrix w, int tile, float[] x, int r, float[] y, int yStride, int yOffset,
      boolean accumulate) {
    int in = w.in;
    int x0 = r * in;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    for (int b = 0; b < w.blocks; b++) {
      FloatVector scale = FloatVector.fromArray(F, w.scales, (tile * w.blocks + b) * 8);
      int end = Math.min(in, (b + 1) * Int8Matrix.BLOCK);
      for (int k = b * Int8Matrix.BLOCK; k < end; k++) {
        FloatVector c = column(w, tile, k, scale);
        int xk = x0 + k;
        a0 = c.fma(FloatVector.broadcast(F, x[xk]), a0);
        a1 = c.fma(FloatVector.broadcast(F, x[xk + in]), a1);
        a2 = c.fma(FloatVector.broadcast(F, x[xk + 2 * in]), a2);
        a3 = c.fma(FloatVector.broadcast(F, x[xk + 3 * in]), a3);
      }
    }
    int at = r * yStride + yOffset + tile * 8;
    store(a0, y, at, accumulate);
    store(a1, y, at + yStride, accumulate);
    store(a2, y, at + 2 * yStride, accumulate);
    store(a3, y, at + 3 * yStride, accumulate);
  }

  // One chain in the same column order as the wider kernels, so a row's result does not depend on its batch.
  private static void rows1(Int8Matrix w, int tile, float[] x, int r, float[] y, int yStride, int yOffset,
      boolean accumulate) {
    int x0 = r * w.in;
    FloatVector a0 = FloatVector.zero(F);
    for (int b = 0; b < w.blocks; b++) {
      FloatVector scale = FloatVector.fromArray(F, w.scales, (tile * w.blocks + b) * 8);
      int end = Math.min(w.in, (b + 1) * Int8Matrix.BLOCK);
      for (int k = b * Int8Matrix.BLOCK; k < end; k++) {
        a0 = column(w, tile, k, scale).fma(FloatVector.broadcast(F, x[x0 + k]), a0);
      }
    }
    store(a0, y, r * yStride + yOffset + tile * 8, accumulate);
  }
}
