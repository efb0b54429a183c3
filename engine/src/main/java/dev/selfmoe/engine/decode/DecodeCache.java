package dev.selfmoe.engine.decode;

import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.ModelConfig;

/**
 * Keys and values on the Java heap for decoding a batch in plain Java after a torch prefill: per layer
 * {@code [rows, kvHeads, capacity, headDim]} as in {@link KvCache}, plus each row's left padding (keys before it
 * are masked and its positions count from it).
 */
public final class DecodeCache {
  final int layers;
  final int kvHeads;
  final int capacity;
  final int headDim;
  final float[][] keys;
  final float[][] values;
  int rows;
  int length;
  int[] pads;
  StepBuffers buffers;

  private DecodeCache(ModelConfig c, int rows, int capacity, int length, int[] pads) {
    this.layers = c.layers();
    this.kvHeads = c.kvHeads();
    this.capacity = capacity;
    this.headDim = c.headDim();
    this.keys = new float[layers][];
    this.values = new float[layers][];
    this.rows = rows;
    this.length = length;
    this.pads = pads.clone();
  }

  /** Copies a prefilled torch cache; {@code pads[r]} is row r's left padding. */
  public static DecodeCache copyOf(KvCache source, ModelConfig config, int[] pads) {
    DecodeCache c = new DecodeCache(config, pads.length, source.capacity(), source.length(), pads);
    for (int l = 0; l < c.layers; l++) {
      c.keys[l] = source.keys(l, source.capacity()).toFloatArray();
      c.values[l] = source.values(l, source.capacity()).toFloatArray();
    }
    return c;
  }

  public int rows() {
    return rows;
  }

  public int length() {
    return length;
  }

  /** Offset of row r, KV head g, position p in a layer's array. */
  int at(int r, int g, int p) {
    return ((r * kvHeads + g) * capacity + p) * headDim;
  }

  /** Keeps only the given rows, in that order (each index at least its new position, as finished rows leave). */
  public void keepRows(long[] kept) {
    int block = kvHeads * capacity * headDim;
    int[] keptPads = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      int from = (int) kept[i];
      keptPads[i] = pads[from];
      if (from != i) {
        for (int l = 0; l < layers; l++) {
          System.arraycopy(keys[l], from * block, keys[l], i * block, block);
          System.arraycopy(values[l], from * block, values[l], i * block, block);
        }
      }
    }
    pads = keptPads;
    rows = kept.length;
  }
}
