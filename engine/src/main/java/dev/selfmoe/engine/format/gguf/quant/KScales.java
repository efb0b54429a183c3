package dev.selfmoe.engine.format.gguf.quant;

/**
 * The 12-byte table of eight 6-bit (scale, min) pairs shared by Q4_K and Q5_K: pairs 0-3 sit in the low six bits
 * of bytes 0-7; pairs 4-7 take their low four bits from bytes 8-11 and their top two from the spare bits above.
 */
final class KScales {
  private KScales() {}

  static int scale(byte[] b, int table, int j) {
    if (j < 4) {
      return b[table + j] & 63;
    }
    return (b[table + j + 4] & 0xF) | ((b[table + j - 4] & 0xFF) >> 6) << 4;
  }

  static int min(byte[] b, int table, int j) {
    if (j < 4) {
      return b[table + j + 4] & 63;
    }
    return ((b[table + j + 4] & 0xFF) >> 4) | ((b[table + j] & 0xFF) >> 6) << 4;
  }
}
