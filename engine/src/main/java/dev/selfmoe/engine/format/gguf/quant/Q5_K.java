package dev.selfmoe.engine.format.gguf.quant;

/**
 * Q4_K plus a fifth bit: 256 weights with f16 d and dmin, the 6-bit scale/min table, 32 bytes of high bits (bit
 * 2i and 2i+1 of each byte belong to sub-blocks 2i and 2i+1), and 128 bytes of nibbles; w = d*sc * q5 - dmin*m.
 */
public final class Q5_K extends BlockDequantizer {
  public Q5_K() {
    super(256, 176);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    float dmin = f16(b, 2);
    int qh = 16;
    int qs = 48;
    int out = 0;
    for (int sub = 0; sub < 8; sub += 2) {
      float d1 = d * KScales.scale(b, 4, sub);
      float m1 = dmin * KScales.min(b, 4, sub);
      float d2 = d * KScales.scale(b, 4, sub + 1);
      float m2 = dmin * KScales.min(b, 4, sub + 1);
      int bit1 = 1 << sub;
      int bit2 = 2 << sub;
      for (int l = 0; l < 32; l++) {
        int high = b[qh + l];
        y[out + l] = d1 * ((b[qs + l] & 0xF) + ((high & bit1) != 0 ? 16 : 0)) - m1;
        y[out + 32 + l] = d2 * (((b[qs + l] & 0xFF) >> 4) + ((high & bit2) != 0 ? 16 : 0)) - m2;
      }
      qs += 32;
      out += 64;
    }
  }
}
