package dev.selfmoe.engine.format.gguf.quant;

import dev.selfmoe.engine.format.gguf.Dequantizer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * A dequantizer that decodes one block at a time from a heap copy: bulk-copying each block out of the mapping and
 * decoding from a {@code byte[]} is several times faster than per-byte reads on a mapped buffer.
 */
abstract class BlockDequantizer implements Dequantizer {
  private final int blockBytes;
  private final int blockSize;

  BlockDequantizer(int blockSize, int blockBytes) {
    this.blockSize = blockSize;
    this.blockBytes = blockBytes;
  }

  /** Decodes the block at {@code b[0..blockBytes)} into {@code y[0..blockSize)}. */
  abstract void decode(byte[] b, float[] y);

  @Override
  public final void dequantize(ByteBuffer src, FloatBuffer dst, long blocks) {
    byte[] block = new byte[blockBytes];
    float[] out = new float[blockSize];
    for (long i = 0; i < blocks; i++) {
      src.get(block);
      decode(block, out);
      dst.put(out);
    }
  }

  static float f16(byte[] b, int at) {
    return Float.float16ToFloat((short) ((b[at] & 0xFF) | (b[at + 1] << 8)));
  }

  static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  static int u32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }
}
