package dev.selfmoe.engine.decode;

import ai.djl.ndarray.NDArray;
import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.ModelConfig;

/**
 * Keys and values on the Java heap for decoding a batch in plain Java after a torch prefill, plus each row's left
 * padding (keys before it are masked and its positions count from it). Values are laid out per layer as in
 * {@link KvCache}, {@code [rows, kvHeads, capacity, headDim]}; keys are transposed to {@code [rows, kvHeads, headDim,
 * capacity]}, so eight consecutive positions' scores come from one vector multiply-add per key dimension.
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
      try (NDArray transposed = source.keys(l, source.capacity()).transpose(0, 1, 3, 2)) {
        c.keys[l] = transposed.toFloatArray();
      }
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

  /** Offset of row r, KV head g, position p in a layer's values. */
  int value(int r, int g, int p) {
    return ((r * kvHeads + g) * capacity + p) * headDim;
  }

  /** Offset of row r, KV head g, key dimension i (its positions follow) in a layer's transposed keys. */
  int key(int r, int g, int i) {
    return ((r * kvHeads + g) * headDim + i) * capacity;
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
