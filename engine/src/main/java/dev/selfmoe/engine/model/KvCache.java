package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Keys and values of every layer for a batch of sequences that advance together, preallocated to {@code capacity}
 * positions so decoding never reallocates.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys; // per layer [batch, kvHeads, capacity, headDim]
  private final NDArray[] values; // per layer [batch, kvHeads, capacity, headDim]
  private int batch;
  private final int capacity;
  private int length;

  public KvCache(ModelConfig config, int batch, int capacity, NDManager parent) {
    this.manager = parent.newSubManager();
    this.batch = batch;
    this.capacity = capacity;
    this.keys = new NDArray[config.layers()];
    this.values = new NDArray[config.layers()];
    Shape shape = new Shape(batch, config.kvHeads(), capacity, config.headDim());
    for (int i = 0; i < config.layers(); i++) {
      keys[i] = manager.zeros(shape, DataType.FLOAT32);
      values[i] = manager.zeros(shape, DataType.FLOAT32);
    }
  }

  /** Positions already filled. */
  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  /** Rows it holds. */
  public int batch() {
    return batch;
  }

  /** Writes a layer's new keys/values ([batch, kvHeads, t, headDim]) after the filled positions. */
  public void write(int layer, NDArray k, NDArray v) {
    long t = k.getShape().get(2);
    NDIndex slot = new NDIndex(":, :, {}:{}", length, length + t);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
  }

  /** Views of a layer's keys and values over the first {@code upTo} positions. */
  public NDArray keys(int layer, int upTo) {
    return keys[layer].get(new NDIndex(":, :, :{}", upTo));
  }

  public NDArray values(int layer, int upTo) {
    return values[layer].get(new NDIndex(":, :, :{}", upTo));
  }

  /**
   * A layer's keys and values as views of their memory, {@code [batch, kvHeads, capacity, headDim]} each, valid
   * until the cache (or that layer) is released: for copying them out without a Java copy in between.
   */
  public FloatBuffer[] layerData(int layer) {
    return new FloatBuffer[] {
      keys[layer].toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer(),
      values[layer].toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer()
    };
  }

  /** Marks {@code t} more positions filled, once every layer has written them. */
  public void advance(int t) {
    if (length + t > capacity) {
      throw new IllegalStateException("KV cache overflow: " + (length + t) + " > " + capacity);
    }
    length += t;
  }

  /**
   * Frees a layer's keys and values once they have been copied elsewhere (the Java decode path takes over after
   * prefill); the cache must not be read or written at that layer again.
   */
  public void release(int layer) {
    keys[layer].close();
    values[layer].close();
  }

  /** Keeps only the given batch rows, in that order (finished sequences leave the batch). */
  public void keepRows(long[] rows) {
    for (int i = 0; i < keys.length; i++) {
      NDArray idx = manager.create(rows);
      NDArray k = keys[i].get(idx);
      NDArray v = values[i].get(idx);
      keys[i].close();
      values[i].close();
      idx.close();
      keys[i] = k;
      values[i] = v;
    }
    batch = rows.length;
  }

  @Override
  public void close() {
    manager.close();
  }
}
