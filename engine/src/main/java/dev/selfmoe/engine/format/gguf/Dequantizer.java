package dev.selfmoe.engine.format.gguf;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** Turns whole blocks of one ggml type into float32. */
@FunctionalInterface
public interface Dequantizer {
  /**
   * Reads {@code blocks} blocks from {@code src} (little-endian, positioned at the first block) and writes
   * {@code blocks * blockSize} floats to {@code dst}.
   */
  void dequantize(ByteBuffer src, FloatBuffer dst, long blocks);
}
