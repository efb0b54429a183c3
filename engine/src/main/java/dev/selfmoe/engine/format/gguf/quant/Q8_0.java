package dev.selfmoe.engine.format.gguf.quant;

/** 32 weights: f16 scale d, then 32 signed bytes q; w = q * d. */
public final class Q8_0 extends BlockDequantizer {
  public Q8_0() {
    super(32, 34);
  }

  @Override
  void decode(byte[] b, float[] y) {
    float d = f16(b, 0);
    for (int j = 0; j < 32; j++) {
      y[j] = b[2 + j] * d;
    }
  }
}
