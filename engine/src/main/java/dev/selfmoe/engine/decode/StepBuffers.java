package dev.selfmoe.engine.decode;

import dev.selfmoe.engine.model.ModelConfig;

/** One decode step's scratch arrays, sized for a cache's first (largest) batch and reused by later caches that fit. */
final class StepBuffers {
  final int rows;
  final int capacity;
  final float[] x;
  final float[] normed;
  final float[] qkv;
  final float[] query;
  final float[] context;
  final float[] scores;
  final float[] gateUp;
  final float[] mlp;
  final float[] key;
  final float[] cos;
  final float[] sin;

  /** The input of the projection under way, as {@link RowKernel#expand} lays it out (for batches it serves). */
  final float[] expanded;
  /** Next-token logits, [rows × vocab]. */
  final float[] logits;

  StepBuffers(ModelConfig c, int rows, int capacity) {
    this.rows = rows;
    this.capacity = capacity;
    logits = new float[rows * c.vocabSize()];
    int widest = Math.max(Math.max(c.hiddenSize(), c.qDim()), c.intermediateSize());
    expanded = new float[RowKernel.expandedLength(Math.min(rows, RowKernel.MAX_ROWS - 1), widest)];
    x = new float[rows * c.hiddenSize()];
    normed = new float[rows * c.hiddenSize()];
    qkv = new float[rows * (c.qDim() + 2 * c.kvDim())];
    query = new float[rows * c.qDim()];
    context = new float[rows * c.qDim()];
    scores = new float[rows * c.heads() * capacity];
    gateUp = new float[rows * 2 * c.intermediateSize()];
    mlp = new float[rows * c.intermediateSize()];
    key = new float[c.headDim()];
    cos = new float[rows * c.headDim() / 2];
    sin = new float[rows * c.headDim() / 2];
  }

  /** Whether these buffers serve a cache of {@code rows} rows and {@code capacity} positions. */
  boolean fits(int rows, int capacity) {
    return rows <= this.rows && capacity <= this.capacity;
  }
}
