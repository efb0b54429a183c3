package dev.selfmoe.engine.format.gguf.quant;

/** 32 weights: f16 scale d and minimum m, then 16 bytes of 4-bit values q; w = q * d + m. */
public final class Q4_1 extends BlockDequantizer {
  public Q4_1() {
    super(32, 20);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    float m = f16(b, 2);
    for (int j = 0; j < 16; j++) {
      int q = u8(b, 4 + j);
      y[j] = (q & 0xF) * d + m;
      y[j + 16] = (q >> 4) * d + m;
    }
  }
}
