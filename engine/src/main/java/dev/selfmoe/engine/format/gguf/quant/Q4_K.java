package dev.selfmoe.engine.format.gguf.quant;

/**
 * 256 weights in eight sub-blocks of 32: f16 super-scale d and super-min dmin, the 6-bit scale/min table, then 128
 * bytes of nibbles (each 32-byte run holds two sub-blocks: low nibbles, then high); w = d*sc * q - dmin*m.
 */
public final class Q4_K extends BlockDequantizer {
  public Q4_K() {
    super(256, 144);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    float dmin = f16(b, 2);
    int qs = 16;
    int out = 0;
    for (int sub = 0; sub < 8; sub += 2) {
      float d1 = d * KScales.scale(b, 4, sub);
      float m1 = dmin * KScales.min(b, 4, sub);
      float d2 = d * KScales.scale(b, 4, sub + 1);
      float m2 = dmin * KScales.min(b, 4, sub + 1);
      for (int l = 0; l < 32; l++) {
        y[out + l] = d1 * (b[qs + l] & 0xF) - m1;
        y[out + 32 + l] = d2 * ((b[qs + l] & 0xFF) >> 4) - m2;
      }
      qs += 32;
      out += 64;
    }
  }
}
