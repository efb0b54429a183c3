package dev.selfmoe.engine.format.gguf.quant;

/** 32 weights: f16 scale d, 32 high bits, 16 bytes of low nibbles; w = (q5 - 16) * d. */
public final class Q5_0 extends BlockDequantizer {
  public Q5_0() {
    super(32, 22);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    int high = u32(b, 2);
    for (int j = 0; j < 16; j++) {
      int q = u8(b, 6 + j);
      int lo = (q & 0xF) | ((high >>> j) & 1) << 4;
      int hi = (q >> 4) | ((high >>> (j + 16)) & 1) << 4;
      y[j] = (lo - 16) * d;
      y[j + 16] = (hi - 16) * d;
    }
  }
}
