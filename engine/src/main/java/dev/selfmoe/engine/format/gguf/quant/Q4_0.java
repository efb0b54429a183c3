package dev.selfmoe.engine.format.gguf.quant;

/** 32 weights: f16 scale d, then 16 bytes of 4-bit values q (low nibbles first half); w = (q - 8) * d. */
public final class Q4_0 extends BlockDequantizer {
  public Q4_0() {
    super(32, 18);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    for (int j = 0; j < 16; j++) {
      int q = u8(b, 2 + j);
      y[j] = ((q & 0xF) - 8) * d;
      y[j + 16] = ((q >> 4) - 8) * d;
    }
  }
}
