package dev.selfmoe.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.decode.DecodeCache;
import dev.selfmoe.engine.decode.Int8Decoder;
import dev.selfmoe.engine.generate.ArgMax;
import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.Transformer;
import dev.selfmoe.engine.runtime.NativeHeap;
import java.util.Arrays;

/**
 * Greedy decoding of a batch with no stopping rule, so every run does the same amount of work: the measurement
 * loop behind the decode numbers. Each step is exactly the generator's: the prompt prefilled by torch, then one
 * token per row through torch or, when the model decodes on int8 weights, through the Java decoder.
 */
final class DecodeLoop implements AutoCloseable {
  private final Transformer model;
  private final Int8Decoder int8;
  private final NDManager root;
  private final KvCache cache;
  private final DecodeCache javaCache;
  private final int batch;
  private long[] next;

  DecodeLoop(Transformer model, Int8Decoder int8, NDManager parent, int batch, int promptLength, int steps,
      long seed) {
    this.model = model;
    this.int8 = int8 != null && batch <= Int8Decoder.maxRows() ? int8 : null;
    this.root = parent.newSubManager();
    this.batch = batch;
    this.cache = new KvCache(model.config(), batch, this.int8 == null ? promptLength + steps : promptLength, root);
    long[] ids = RandomTokens.ids(batch * promptLength, model.config().vocabSize(), seed);
    next = run(ids, promptLength);
    javaCache = this.int8 == null ? null : this.int8.takeOver(cache, new int[batch], promptLength + steps);
  }

  /** Runs one decode step for every row. */
  void step() {
    if (javaCache == null) {
      next = run(next, 1);
      return;
    }
    float[] logits = int8.step(javaCache, next);
    int vocab = model.config().vocabSize();
    for (int r = 0; r < batch; r++) {
      next[r] = ArgMax.of(logits, r * vocab, vocab);
    }
  }

  private long[] run(long[] ids, int t) {
    int past = cache.length();
    long[] positions = new long[batch * t];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < t; j++) {
        positions[r * t + j] = past + j;
      }
    }
    float[] mask = new float[batch * t * (past + t)];
    for (int r = 0; r < batch; r++) {
      for (int i = 0; i < t; i++) {
        Arrays.fill(mask, (r * t + i) * (past + t) + past + i + 1, (r * t + i + 1) * (past + t), -1e9f);
      }
    }
    try (NDManager step = root.newSubManager()) {
      NDArray hidden =
          model.forward(
              step.create(ids, new Shape(batch, t)),
              step.create(positions, new Shape(batch, t)),
              step.create(mask, new Shape(batch, 1, 1, t, past + t)),
              cache);
      NDArray last = t == 1 ? hidden.reshape(batch, -1) : hidden.get(":, -1, :");
      return model.logits(last).argMax(-1).toLongArray();
    }
  }

  @Override
  public void close() {
    if (javaCache != null) {
      javaCache.close();
    }
    cache.close();
    root.close();
    NativeHeap.trim();
  }
}
