package dev.selfmoe.engine.decode;

import ai.djl.ndarray.NDArray;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A linear layer's weight {@code [out, in]} quantised to signed bytes with one float scale per 32 input columns of
 * each output row (absmax / 127), for decoding a few rows at a time where streaming float32 weights from memory is
 * the bottleneck. Output rows are stored in tiles of eight, input-major inside a tile, so one vector load yields the
 * same input column of eight outputs: {@code values[(tile·in + k)·8 + j]} is row {@code tile·8 + j}, column k.
 */
public final class Int8Matrix {
  static final int TILE = 8;
  static final int BLOCK = 32;

  final int out;
  final int in;
  final int blocks;
  final byte[] values;
  final float[] scales; // [tile][block][8]

  private Int8Matrix(int out, int in, byte[] values, float[] scales) {
    this.out = out;
    this.in = in;
    this.blocks = (in + BLOCK - 1) / BLOCK;
    this.values = values;
    this.scales = scales;
  }

  /**
   * Whether a weight of this shape fits the tiling (every shape the supported families use does): whole tiles of
   * outputs, and an even input width, as sixteen-float kernels take two columns at a time.
   */
  public static boolean fits(long out, long in) {
    return out % TILE == 0 && out * in <= Integer.MAX_VALUE - TILE && in > 0 && in % 2 == 0;
  }

  /** Quantises {@code w}, row-major {@code [out, in]} starting at {@code offset}. */
  public static Int8Matrix quantize(float[] w, int offset, int out, int in) {
    Int8Matrix m = empty(out, in);
    m.quantizeRows(w, offset, 0, out);
    return m;
  }

  /**
   * Quantises the rows of {@code parts} (each {@code [rows, in]}) stacked in order. Rows are read a few thousand at a
   * time through a view of each tensor's memory into one reused chunk, so quantising a model leaves no garbage the
   * size of its float weights on the Java heap.
   */
  public static Int8Matrix quantize(int in, NDArray... parts) {
    long out = 0;
    for (NDArray p : parts) {
      out += p.getShape().get(0);
    }
    Int8Matrix m = empty(Math.toIntExact(out), in);
    int chunk = Math.max(TILE, (1 << 20) / in / TILE * TILE);
    float[] values = new float[chunk * in];
    int row = 0;
    for (NDArray p : parts) {
      int rows = Math.toIntExact(p.getShape().get(0));
      FloatBuffer view = p.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
      for (int from = 0; from < rows; from += chunk) {
        int to = Math.min(rows, from + chunk);
        view.get(from * in, values, 0, (to - from) * in);
        m.quantizeRows(values, -(row + from) * in, row + from, row + to);
      }
      row += rows;
    }
    return m;
  }

  private static Int8Matrix empty(int out, int in) {
    if (!fits(out, in)) {
      throw new IllegalArgumentException("cannot tile a [" + out + ", " + in + "] weight into rows of " + TILE);
    }
    int blocks = (in + BLOCK - 1) / BLOCK;
    // scales padded by a tile: sixteen-float kernels read a block's eight with the next block's
    return new Int8Matrix(out, in, new byte[out * in], new float[out * blocks + TILE]);
  }

  /** Fills rows [firstRow, endRow); row r's values start at {@code w[offset + r·in]}. */
  private void quantizeRows(float[] w, int offset, int firstRow, int endRow) {
    for (int row = firstRow; row < endRow; row++) {
      int tile = row / TILE;
      int lane = row % TILE;
      int base = offset + row * in;
      for (int b = 0; b < blocks; b++) {
        int from = b * BLOCK;
        int to = Math.min(in, from + BLOCK);
        float max = 0;
        for (int k = from; k < to; k++) {
          max = Math.max(max, Math.abs(w[base + k]));
        }
        float scale = max / 127f;
        float inverse = scale == 0 ? 0 : 1 / scale;
        scales[(tile * blocks + b) * TILE + lane] = scale;
        for (int k = from; k < to; k++) {
          values[(tile * in + k) * TILE + lane] = (byte) Math.round(w[base + k] * inverse);
        }
      }
    }
  }

  public int out() {
    return out;
  }

  public int in() {
    return in;
  }

  int tiles() {
    return out / TILE;
  }

  /** Weight {@code [row, column]} as the kernels see it (scale times the stored byte). */
  public float get(int row, int column) {
    int tile = row / TILE;
    int lane = row % TILE;
    return scales[(tile * blocks + column / BLOCK) * TILE + lane] * values[(tile * in + column) * TILE + lane];
  }

  public long bytes() {
    return values.length + 4L * scales.length;
  }
}
