package dev.selfmoe.engine.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.model.BlockAdapter;
import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.LayerWeights;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.ModelWeights;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.Transformer;
import java.util.ArrayList;
import java.util.List;

/**
 * The decode step (one new token per row) in plain Java over int8 weights: the same blocks as {@link Transformer},
 * but with the projections and LM head read as bytes, which is what bounds a small batch on a CPU. q/k/v and
 * gate/up are each one matrix, so a block is five parallel regions. Prompts are still prefilled by torch in
 * float32; only the per-token steps come here.
 */
public final class Int8Decoder {
  /**
   * Largest batch the Java step takes: beyond it torch's float32 GEMMs, which reuse each weight across more rows,
   * are faster (see README, "Performance notes"); a generation switches here once enough rows have finished. Where
   * a widened weight column serves sixteen rows (AVX-512), the Java step stays ahead up to 32.
   */
  public static int maxRows() {
    return VectorSupport.available() && Int8Kernel.SIXTEEN_ROWS ? 32 : 8;
  }

  private record Layer(
      float[] attnNorm, Int8Matrix qkv, float[] qkvBias, Int8Matrix o, float[] mlpNorm, Int8Matrix gateUp,
      Int8Matrix down) {}

  private final ModelConfig config;
  private final Transformer transformer;
  private final List<Layer> layers;
  private final float[] finalNorm;
  private final Int8Matrix lmHead;
  private final double[] inverseFrequency;
  private final RoutedLowRank routed;
  private final KvArena arena;
  private final Parallel parallel = Parallel.shared();

  private Int8Decoder(Transformer transformer, List<Layer> layers, float[] finalNorm, Int8Matrix lmHead,
      RoutedLowRank routed, KvArena arena) {
    this.config = transformer.config();
    this.transformer = transformer;
    this.layers = layers;
    this.finalNorm = finalNorm;
    this.lmHead = lmHead;
    this.routed = routed;
    this.arena = arena;
    this.inverseFrequency = new double[config.headDim() / 2];
    for (int i = 0; i < inverseFrequency.length; i++) {
      inverseFrequency[i] = transformer.rope().inverseFrequency(i);
    }
  }

  /** Whether this machine and this model's shapes can take the int8 path (else decoding stays on torch). */
  public static boolean supports(ModelConfig c) {
    return VectorSupport.available()
        && c.headDim() % 8 == 0
        && Int8Matrix.fits(c.qDim() + 2L * c.kvDim(), c.hiddenSize())
        && Int8Matrix.fits(c.hiddenSize(), c.qDim())
        && Int8Matrix.fits(2L * c.intermediateSize(), c.hiddenSize())
        && Int8Matrix.fits(c.hiddenSize(), c.intermediateSize())
        && Int8Matrix.fits(c.vocabSize(), c.hiddenSize());
  }

  /** Quantises the transformer's weights (about a quarter of their float32 size, kept on the Java heap). */
  public static Int8Decoder of(Transformer transformer) {
    ModelConfig c = transformer.config();
    if (!supports(c)) {
      throw new IllegalStateException("the int8 decode path does not support this model or machine");
    }
    ModelWeights w = transformer.weights();
    return new Int8Decoder(transformer, layers(transformer, null), w.finalNorm.toFloatArray(),
        Int8Matrix.quantize(c.hiddenSize(), w.lmHead), null, new KvArena());
  }

  /**
   * This decoder with {@code adapter}'s fixed updates folded into the blocks' weights (W + ΔW per adapted module).
   * Adapters never touch the LM head, so the copy shares it.
   */
  public Int8Decoder withAdapter(BlockAdapter adapter) {
    if (!adapter.foldable()) {
      throw new IllegalArgumentException("only fixed linear updates can be folded into int8 weights");
    }
    return new Int8Decoder(transformer, layers(transformer, adapter), finalNorm, lmHead, null, arena);
  }

  /** This decoder's weights, shared, with {@code updates} mixed in per row as its router decides (MiXSE). */
  public Int8Decoder withRouting(RoutedLowRank updates) {
    return new Int8Decoder(transformer, layers, finalNorm, lmHead, updates, arena);
  }

  private static List<Layer> layers(Transformer transformer, BlockAdapter adapter) {
    ModelConfig c = transformer.config();
    ModelWeights w = transformer.weights();
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < w.layers.size(); i++) {
      LayerWeights l = w.layers.get(i);
      try (NDManager scratch = w.manager().newSubManager()) {
        Folding f = new Folding(adapter, i, scratch);
        float[] qkvBias = l.qBias() == null ? null : concat(l.qBias(), l.kBias(), l.vBias());
        layers.add(new Layer(
            l.attnNorm().toFloatArray(),
            Int8Matrix.quantize(c.hiddenSize(), f.apply(LoraTarget.Q, l.q()), f.apply(LoraTarget.K, l.k()),
                f.apply(LoraTarget.V, l.v())),
            qkvBias,
            Int8Matrix.quantize(c.qDim(), f.apply(LoraTarget.O, l.o())),
            l.mlpNorm().toFloatArray(),
            Int8Matrix.quantize(c.hiddenSize(), f.apply(LoraTarget.GATE, l.gate()), f.apply(LoraTarget.UP, l.up())),
            Int8Matrix.quantize(c.intermediateSize(), f.apply(LoraTarget.DOWN, l.down()))));
      }
    }
    return layers;
  }

  /** One layer's weights with an adapter's updates added, made in a scratch manager freed after quantising. */
  private record Folding(BlockAdapter adapter, int layer, NDManager scratch) {
    NDArray apply(LoraTarget target, NDArray weight) {
      if (adapter == null || !adapter.adapts(layer, target)) {
        return weight;
      }
      NDArray update = adapter.foldedUpdate(layer, target, scratch);
      return update.add(weight);
    }
  }

  private static float[] concat(NDArray... parts) {
    long n = 0;
    for (NDArray p : parts) {
      n += p.size();
    }
    float[] all = new float[Math.toIntExact(n)];
    int at = 0;
    for (NDArray p : parts) {
      float[] v = p.toFloatArray();
      System.arraycopy(v, 0, all, at, v.length);
      at += v.length;
    }
    return all;
  }

  /** Bytes of quantised weights held. */
  public long bytes() {
    long n = lmHead.bytes();
    for (Layer l : layers) {
      n += l.qkv.bytes() + l.o.bytes() + l.gateUp.bytes() + l.down.bytes();
    }
    return n;
  }

  /**
   * Takes over a torch-prefilled batch: its keys and values move into Java arrays with room for {@code capacity}
   * positions (reused from the last closed cache when they fit), and each torch layer is freed as it is copied.
   * Close the returned cache when the generation ends, so the next one can reuse its arrays.
   */
  public DecodeCache takeOver(KvCache prefilled, int[] pads, int capacity) {
    return DecodeCache.moveFrom(prefilled, config, pads, capacity, arena);
  }

  /**
   * A cache for prompts of {@code length} positions (row r left-padded by {@code pads[r]}) that torch prefills a few
   * rows at a time ({@link DecodeCache#moveRows}), with room for {@code capacity} positions in arrays reused from the
   * last closed cache when they fit. Close it when the generation ends.
   */
  public DecodeCache cacheForPrompts(int[] pads, int length, int capacity) {
    return DecodeCache.forPrompts(config, pads, length, capacity, arena);
  }

  /**
   * Announces that batches will fill at most {@code bytes} of float32 keys and values, so new KV arrays may be made
   * that large and then serve every later batch instead of being replaced.
   */
  public void reserveKv(long bytes) {
    arena.reserve(bytes / (2L * Float.BYTES * config.layers()));
  }

  /** Floats of KV arrays held for the next generation. */
  public long reusableKvFloats() {
    return arena.heldFloats();
  }

  /**
   * Drops the KV arrays held for the next generation (shared by this decoder's folded and routed copies), collecting
   * them at once when large.
   */
  public void releaseReusableKv() {
    arena.release();
  }

  /**
   * Runs one token per row of {@code cache} (ids[r] for row r) and returns the next-token logits: row r's at
   * {@code [r·vocab, (r+1)·vocab)}, in an array the next step of this cache overwrites. The tokens' keys and values
   * are appended to the cache.
   */
  public float[] step(DecodeCache cache, long[] ids) {
    if (cache.length >= cache.capacity) {
      throw new IllegalStateException("KV cache overflow: " + (cache.length + 1) + " > " + cache.capacity);
    }
    int rows = cache.rows;
    float eps = (float) config.rmsNormEps();
    if (cache.buffers == null) {
      cache.buffers = new StepBuffers(config, rows, cache.capacity);
    }
    StepBuffers b = cache.buffers;
    embed(ids, b.x);
    angles(cache, b);
    for (int l = 0; l < layers.size(); l++) {
      Layer w = layers.get(l);
      VectorMath.rmsNorm(b.x, w.attnNorm, eps, rows, b.normed);
      multiply(w.qkv, b.normed, rows, b.qkv, false, b);
      if (routed != null) {
        int width = w.qkv.out;
        routed.begin(l, b.normed, rows, config.hiddenSize());
        routed.add(l, LoraTarget.Q, b.normed, rows, b.qkv, width, 0);
        routed.add(l, LoraTarget.K, b.normed, rows, b.qkv, width, config.qDim());
        routed.add(l, LoraTarget.V, b.normed, rows, b.qkv, width, config.qDim() + config.kvDim());
      }
      if (w.qkvBias != null) {
        for (int i = 0; i < rows * w.qkvBias.length; i++) {
          b.qkv[i] += w.qkvBias[i % w.qkvBias.length];
        }
      }
      rotateAndStore(cache, l, b);
      attend(cache, l, b);
      multiply(w.o, b.context, rows, b.x, true, b);
      if (routed != null) {
        routed.add(l, LoraTarget.O, b.context, rows, b.x, config.hiddenSize(), 0);
      }
      VectorMath.rmsNorm(b.x, w.mlpNorm, eps, rows, b.normed);
      multiply(w.gateUp, b.normed, rows, b.gateUp, false, b);
      if (routed != null) {
        int width = config.intermediateSize();
        routed.add(l, LoraTarget.GATE, b.normed, rows, b.gateUp, 2 * width, 0);
        routed.add(l, LoraTarget.UP, b.normed, rows, b.gateUp, 2 * width, width);
      }
      VectorMath.gatedActivation(b.gateUp, rows, config.intermediateSize(), config.family().gemmaStyle, b.mlp);
      multiply(w.down, b.mlp, rows, b.x, true, b);
      if (routed != null) {
        routed.add(l, LoraTarget.DOWN, b.mlp, rows, b.x, config.hiddenSize(), 0);
      }
    }
    cache.length++;
    VectorMath.rmsNorm(b.x, finalNorm, eps, rows, b.normed);
    multiply(lmHead, b.normed, rows, b.logits, false, b);
    return b.logits;
  }

  private void multiply(Int8Matrix w, float[] x, int rows, float[] y, boolean accumulate, StepBuffers b) {
    if (rows < RowKernel.MAX_ROWS) {
      RowKernel.expand(x, rows, w.in, b.expanded);
      parallel.run(w.tiles(), (from, to) -> RowKernel.multiply(w, b.expanded, rows, y, w.out, 0, accumulate, from,
          to));
    } else {
      parallel.run(w.tiles(), (from, to) -> Int8Kernel.multiply(w, x, rows, y, w.out, 0, accumulate, from, to));
    }
  }

  private void embed(long[] ids, float[] x) {
    try (NDManager m = transformer.weights().manager().newSubManager()) {
      NDArray rows = Ops.embedding(m.create(ids, new Shape(ids.length)), transformer.weights().embed);
      if (config.family().gemmaStyle) {
        rows = rows.mul((float) Math.sqrt(config.hiddenSize()));
      }
      float[] v = rows.toFloatArray();
      System.arraycopy(v, 0, x, 0, v.length);
    }
  }

  /** Each row's RoPE factors for this step's position, as torch's table has them; every layer uses them. */
  private void angles(DecodeCache cache, StepBuffers b) {
    int half = inverseFrequency.length;
    for (int r = 0; r < cache.rows; r++) {
      int position = cache.length - cache.pads[r];
      for (int i = 0; i < half; i++) {
        double angle = position * inverseFrequency[i];
        b.cos[r * half + i] = (float) Math.cos(angle);
        b.sin[r * half + i] = (float) Math.sin(angle);
      }
    }
  }

  /** RoPE on the new queries (scaled by 1/√D) and keys, keys and values written to the cache's next slot. */
  private void rotateAndStore(DecodeCache cache, int layer, StepBuffers b) {
    int d = config.headDim();
    int half = d / 2;
    int width = config.qDim() + 2 * config.kvDim();
    float scale = (float) (1 / Math.sqrt(d));
    float[] keys = cache.keys[layer];
    float[] values = cache.values[layer];
    for (int r = 0; r < cache.rows; r++) {
      int angles = r * half;
      int row = r * width;
      for (int head = 0; head < config.heads(); head++) {
        rotate(b.qkv, row + head * d, b.query, (r * config.heads() + head) * d, half, b.cos, b.sin, angles,
            scale);
      }
      for (int g = 0; g < config.kvHeads(); g++) {
        rotate(b.qkv, row + config.qDim() + g * d, b.key, 0, half, b.cos, b.sin, angles, 1f);
        for (int i = 0; i < d; i++) {
          keys[cache.key(r, g, i) + cache.length] = b.key[i];
        }
        System.arraycopy(b.qkv, row + config.qDim() + config.kvDim() + g * d, values,
            cache.value(r, g, cache.length), d);
      }
    }
  }

  private static void rotate(float[] x, int from, float[] out, int to, int half, float[] cos, float[] sin,
      int angles, float scale) {
    for (int i = 0; i < half; i++) {
      float x1 = x[from + i];
      float x2 = x[from + half + i];
      float c = cos[angles + i];
      float s = sin[angles + i];
      out[to + i] = (x1 * c - x2 * s) * scale;
      out[to + half + i] = (x2 * c + x1 * s) * scale;
    }
  }

  /** Each row's queries against its own unpadded keys, one (row, KV head) pair per work item. */
  private void attend(DecodeCache cache, int layer, StepBuffers b) {
    int d = config.headDim();
    int group = config.groupSize();
    int kvHeads = config.kvHeads();
    int filled = cache.length + 1;
    float[] keys = cache.keys[layer];
    float[] values = cache.values[layer];
    parallel.run(cache.rows * kvHeads, (from, to) -> {
      for (int unit = from; unit < to; unit++) {
        int r = unit / kvHeads;
        int g = unit % kvHeads;
        int first = cache.pads[r];
        for (int j = 0; j < group; j++) {
          int head = g * group + j;
          int q = (r * config.heads() + head) * d;
          int scores = (r * config.heads() + head) * cache.capacity;
          VectorMath.scores(b.query, q, keys, cache.key(r, g, 0), cache.capacity, d, first, filled, b.scores,
              scores);
          VectorMath.softmax(b.scores, scores + first, scores + filled);
          VectorMath.weightedSum(b.scores, scores, values, cache.value(r, g, 0), d, first, filled, b.context, q);
        }
      }
    });
  }
}
