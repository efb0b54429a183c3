package dev.selfmoe.engine.format.gguf.quant;

/**
 * 256 weights in sixteen sub-blocks of 16: 128 bytes of low nibbles, 64 bytes of 2-bit highs, sixteen signed 8-bit
 * scales, then the f16 super-scale d; w = d * scale * (q6 - 32). Each half of 128 weights interleaves four
 * 32-weight runs across the same low/high bytes.
 */
public final class Q6_K extends BlockDequantizer {
  public Q6_K() {
    super(256, 210);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 208);
    for (int half = 0; half < 2; half++) {
      int ql = half * 64;
      int qh = 128 + half * 32;
      int sc = 192 + half * 8;
      int out = half * 128;
      for (int l = 0; l < 32; l++) {
        int is = l / 16;
        int high = b[qh + l] & 0xFF;
        int q1 = ((b[ql + l] & 0xF) | (high & 3) << 4) - 32;
        int q2 = ((b[ql + l + 32] & 0xF) | ((high >> 2) & 3) << 4) - 32;
        int q3 = (((b[ql + l] & 0xFF) >> 4) | ((high >> 4) & 3) << 4) - 32;
        int q4 = (((b[ql + l + 32] & 0xFF) >> 4) | ((high >> 6) & 3) << 4) - 32;
        y[out + l] = d * b[sc + is] * q1;
        y[out + l + 32] = d * b[sc + is + 2] * q2;
        y[out + l + 64] = d * b[sc + is + 4] * q3;
        y[out + l + 96] = d * b[sc + is + 6] * q4;
      }
    }
  }
}
