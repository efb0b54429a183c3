package dev.selfmoe.engine.format.gguf;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.gguf.quant.Q4_0;
import dev.selfmoe.engine.format.gguf.quant.Q4_1;
import dev.selfmoe.engine.format.gguf.quant.Q4_K;
import dev.selfmoe.engine.format.gguf.quant.Q5_0;
import dev.selfmoe.engine.format.gguf.quant.Q5_1;
import dev.selfmoe.engine.format.gguf.quant.Q5_K;
import dev.selfmoe.engine.format.gguf.quant.Q6_K;
import dev.selfmoe.engine.format.gguf.quant.Q8_0;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The ggml tensor types by their on-disk id. Each readable type names its block geometry and its dequantizer; a type
 * without one is known (so errors can name it) but not read.
 */
public enum GgmlType {
  F32(0, 1, 4, GgmlType::f32),
  F16(1, 1, 2, GgmlType::f16),
  Q4_0(2, 32, 18, new Q4_0()),
  Q4_1(3, 32, 20, new Q4_1()),
  Q5_0(6, 32, 22, new Q5_0()),
  Q5_1(7, 32, 24, new Q5_1()),
  Q8_0(8, 32, 34, new Q8_0()),
  Q8_1(9, 32, 36, null),
  Q2_K(10, 256, 84, null),
  Q3_K(11, 256, 110, null),
  Q4_K(12, 256, 144, new Q4_K()),
  Q5_K(13, 256, 176, new Q5_K()),
  Q6_K(14, 256, 210, new Q6_K()),
  Q8_K(15, 256, 292, null),
  BF16(30, 1, 2, GgmlType::bf16);

  private static final GgmlType[] BY_ID = new GgmlType[64];

  static {
    for (GgmlType t : values()) {
      BY_ID[t.id] = t;
    }
  }

  public final int id;
  /** Elements per block. */
  public final int blockSize;
  /** Bytes per block. */
  public final int typeSize;

  private final Dequantizer dequantizer;

  GgmlType(int id, int blockSize, int typeSize, Dequantizer dequantizer) {
    this.id = id;
    this.blockSize = blockSize;
    this.typeSize = typeSize;
    this.dequantizer = dequantizer;
  }

  /** The type with this id, or null when the id is not a ggml type selfmoe knows. */
  public static GgmlType byId(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }

  public boolean readable() {
    return dequantizer != null;
  }

  public long byteSize(long elements) {
    return elements / blockSize * typeSize;
  }

  public Dequantizer dequantizer() {
    if (dequantizer == null) {
      throw new EngineException("ggml type " + name() + " is not supported");
    }
    return dequantizer;
  }

  private static void f32(ByteBuffer src, FloatBuffer dst, long n) {
    for (long i = 0; i < n; i++) {
      dst.put(src.getFloat());
    }
  }

  private static void f16(ByteBuffer src, FloatBuffer dst, long n) {
    for (long i = 0; i < n; i++) {
      dst.put(Float.float16ToFloat(src.getShort()));
    }
  }

  private static void bf16(ByteBuffer src, FloatBuffer dst, long n) {
    for (long i = 0; i < n; i++) {
      dst.put(Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16));
    }
  }
}
