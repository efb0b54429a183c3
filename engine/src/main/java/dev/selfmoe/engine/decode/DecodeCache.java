package dev.selfmoe.engine.decode;

import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.ModelConfig;
import java.nio.FloatBuffer;

/**
 * Keys and values on the Java heap for decoding a batch in plain Java after a torch prefill, plus each row's left
 * padding (keys before it are masked and its positions count from it). Values are laid out per layer as in
 * {@link KvCache}, {@code [rows, kvHeads, capacity, headDim]}; keys are transposed to {@code [rows, kvHeads, headDim,
 * capacity]}, so eight consecutive positions' scores come from one vector multiply-add per key dimension. The arrays
 * may be longer than that (reused from an earlier, larger cache); closing the cache hands them back for reuse.
 */
public final class DecodeCache implements AutoCloseable {
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
  private final KvArena arena;
  private KvArena.Arrays arrays;

  private DecodeCache(ModelConfig c, int rows, int capacity, int length, int[] pads, KvArena arena) {
    this.layers = c.layers();
    this.kvHeads = c.kvHeads();
    this.capacity = capacity;
    this.headDim = c.headDim();
    this.rows = rows;
    this.length = length;
    this.pads = pads.clone();
    this.arena = arena;
    this.arrays = (arena != null ? arena : new KvArena()).take(layers, rows * kvHeads * capacity * headDim);
    this.keys = arrays.keys();
    this.values = arrays.values();
    StepBuffers held = arrays.buffers();
    this.buffers = held != null && held.fits(rows, capacity) ? held : null;
  }

  /** Copies a prefilled torch cache, with the same capacity, into new arrays; {@code pads[r]} is row r's padding. */
  public static DecodeCache copyOf(KvCache source, ModelConfig config, int[] pads) {
    return copy(source, config, pads, source.capacity(), null, false);
  }

  /**
   * Moves a prefilled torch cache into arrays from {@code arena} with room for {@code capacity} positions, freeing
   * each torch layer once copied: the torch cache must not be used afterwards, except to close it.
   */
  static DecodeCache moveFrom(KvCache source, ModelConfig config, int[] pads, int capacity, KvArena arena) {
    return copy(source, config, pads, capacity, arena, true);
  }

  private static DecodeCache copy(KvCache source, ModelConfig config, int[] pads, int capacity, KvArena arena,
      boolean release) {
    if (capacity < source.length() || pads.length != source.batch()) {
      throw new IllegalArgumentException("a cache of " + pads.length + " rows and " + capacity
          + " positions cannot take " + source.batch() + " rows of " + source.length());
    }
    DecodeCache c = new DecodeCache(config, pads.length, capacity, source.length(), pads, arena);
    for (int l = 0; l < c.layers; l++) {
      c.allocate(l); // now, after the torch layers before this one were freed
      c.copyLayer(l, source, 0, 0);
      if (release) {
        source.release(l);
      }
    }
    return c;
  }

  /**
   * A cache for {@code pads.length} rows whose first {@code length} positions {@link #moveRows} fills, in arrays from
   * {@code arena} with room for {@code capacity} positions: prompts can then be prefilled a few rows at a time, so
   * torch never holds the whole batch's cache.
   */
  static DecodeCache forPrompts(ModelConfig config, int[] pads, int length, int capacity, KvArena arena) {
    if (capacity < length) {
      throw new IllegalArgumentException("a cache of " + capacity + " positions cannot take " + length);
    }
    DecodeCache c = new DecodeCache(config, pads.length, capacity, length, pads, arena);
    for (int l = 0; l < c.layers; l++) {
      c.allocate(l);
    }
    return c;
  }

  /**
   * Moves a torch-prefilled cache's rows into rows {@code first..} of this one, {@code offset} positions to the right
   * (its own padding shortened by that much), freeing each torch layer once copied: the torch cache must not be used
   * afterwards, except to close it.
   */
  public void moveRows(KvCache source, int first, int offset) {
    if (first < 0 || first + source.batch() > rows || offset < 0 || offset + source.length() > length) {
      throw new IllegalArgumentException("rows " + first + "+" + source.batch() + " at " + offset + "+"
          + source.length() + " do not fit a cache of " + rows + " rows and " + length + " positions");
    }
    for (int l = 0; l < layers; l++) {
      copyLayer(l, source, first, offset);
      source.release(l);
    }
  }

  private void allocate(int l) {
    if (keys[l] == null) {
      int perLayer = rows * kvHeads * capacity * headDim;
      int size = arena != null ? arena.sizeFor(perLayer) : perLayer;
      keys[l] = new float[size];
      values[l] = new float[size];
    }
  }

  /** Layer l of every row of {@code source} into rows {@code first..}, its positions shifted by {@code offset}. */
  private void copyLayer(int l, KvCache source, int first, int offset) {
    int filled = source.length();
    int d = headDim;
    int stride = source.capacity(); // the torch cache's positions per head
    float[] position = new float[d];
    FloatBuffer[] data = source.layerData(l); // views: no copy of the cache on the Java heap
    FloatBuffer k = data[0];
    FloatBuffer v = data[1];
    for (int s = 0; s < source.batch(); s++) {
      int r = first + s;
      for (int g = 0; g < kvHeads; g++) {
        int head = (s * kvHeads + g) * stride * d;
        v.get(head, values[l], value(r, g, offset), filled * d);
        int transposed = key(r, g, 0) + offset;
        for (int p = 0; p < filled; p++) {
          k.get(head + p * d, position, 0, d);
          for (int i = 0; i < d; i++) {
            keys[l][transposed + i * capacity + p] = position[i];
          }
        }
      }
    }
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

  /** Hands the arrays back to the arena they came from (if any); the cache must not be used afterwards. */
  @Override
  public void close() {
    if (arena != null && arrays != null) {
      arena.give(new KvArena.Arrays(keys, values, buffers));
      arrays = null;
    }
  }
}
