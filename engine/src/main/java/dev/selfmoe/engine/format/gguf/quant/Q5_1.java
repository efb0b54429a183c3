package dev.selfmoe.engine.format.gguf.quant;

/** 32 weights: f16 scale d and minimum m, 32 high bits, 16 bytes of low nibbles; w = q5 * d + m. */
public final class Q5_1 extends BlockDequantizer {
  public Q5_1() {
    super(32, 24);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    float m = f16(b, 2);
    int high = u32(b, 4);
    for (int j = 0; j < 16; j++) {
      int q = u8(b, 8 + j);
      int lo = (q & 0xF) | ((high >>> j) & 1) << 4;
      int hi = (q >> 4) | ((high >>> (j + 16)) & 1) << 4;
      y[j] = lo * d + m;
      y[j + 16] = hi * d + m;
    }
  }
}
