package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.lora.LoraTarget;

/**
 * The decoder forward pass shared by every family: pre-norm blocks of grouped-query attention with RoPE and a gated
 * MLP. Reads like the reference: {@link #forward} runs the blocks, one method per sub-layer.
 */
public final class Transformer {
  private static final long FEW_ROWS = 64;
  /** Most attention scores held at once (16 MiB of floats); longer query spans are attended in pieces. */
  static final long MAX_SCORE_FLOATS = 4L << 20;

  private final ModelConfig config;
  private final ModelWeights weights;
  private final Rope rope;
  // Scalars live as torch tensors owned by the model: Java-backed scalars are freed too early for autograd.
  private final NDArray eps;
  private final NDArray attentionScale;
  private final NDArray rotateHalf; // [D, D]: x · R = [-x2, x1]
  private final NDArray embedScale;
  private final NDArray half;
  private final NDArray one;
  private final NDArray geluCubic;
  private final NDArray geluScale;
  private BlockAdapter adapter;
  long maxScoreFloats = MAX_SCORE_FLOATS; // lowered by tests to make short sequences take the span path

  public Transformer(ModelConfig config, ModelWeights weights, Rope rope) {
    this.config = config;
    this.weights = weights;
    this.rope = rope;
    NDManager m = weights.manager();
    eps = m.create((float) config.rmsNormEps());
    attentionScale = m.create((float) (1.0 / Math.sqrt(config.headDim())));
    rotateHalf = rotateHalfMatrix(config.headDim(), m);
    embedScale = m.create((float) Math.sqrt(config.hiddenSize()));
    half = m.create(0.5f);
    one = m.create(1f);
    geluCubic = m.create(0.044715f);
    geluScale = m.create((float) Math.sqrt(2 / Math.PI));
  }

  /** Adds {@code adapter}'s low-rank updates to every forward pass from now on; null removes it. */
  public void setAdapter(BlockAdapter adapter) {
    this.adapter = adapter;
  }

  public BlockAdapter adapter() {
    return adapter;
  }

  public ModelConfig config() {
    return config;
  }

  public ModelWeights weights() {
    return weights;
  }

  public Rope rope() {
    return rope;
  }

  /** Distinct parameters (a tied LM head counted once). */
  public long parameterCount() {
    long n = weights.embed.size() + weights.finalNorm.size();
    if (weights.lmHead != weights.embed) {
      n += weights.lmHead.size();
    }
    for (LayerWeights l : weights.layers) {
      for (NDArray a : new NDArray[] {l.attnNorm(), l.q(), l.k(), l.v(), l.qBias(), l.kBias(), l.vBias(), l.o(),
          l.mlpNorm(), l.gate(), l.up(), l.down()}) {
        n += a == null ? 0 : a.size();
      }
    }
    return n;
  }

  /**
   * Runs the blocks over new tokens and returns the final-normed hidden states.
   *
   * @param ids [B, T] int64 token ids
   * @param positions [B, T] int64 RoPE positions (per row, so left-padded rows start at 0)
   * @param mask [B, 1, 1, T, S] additive attention mask over the S = past + T keys
   * @param cache keys/values of earlier tokens, appended to here; null for a single full-sequence pass
   * @return [B, T, hidden], in the manager of {@code ids}
   */
  public NDArray forward(NDArray ids, NDArray positions, NDArray mask, KvCache cache) {
    NDArray out;
    try (NDScope ignored = new NDScope()) {
      NDArray x = embed(ids);
      Angles angles = angles(positions);
      for (int i = 0; i < config.layers(); i++) {
        NDArray next = block(i, x, angles, mask, cache);
        // a block's input is dead once its output exists; kept, every layer's would live until the pass ends
        x.close();
        x = next;
      }
      if (cache != null) {
        cache.advance((int) ids.getShape().get(1));
      }
      out = finalNorm(x);
      NDScope.unregister(out);
    }
    NDScope.register(out);
    return out;
  }

  /** The first block's input for token ids [B, T]: [B, T, hidden]. */
  public NDArray embed(NDArray ids) {
    NDArray x = Ops.embedding(ids, weights.embed);
    return config.family().gemmaStyle ? x.mul(embedScale) : x;
  }

  /** RoPE factors for positions [B, T], shared by every block of a pass. */
  public Angles angles(NDArray positions) {
    NDArray cos = Ops.embedding(positions, rope.cos).expandDims(1); // [B, 1, T, D]
    NDArray sin = Ops.embedding(positions, rope.sin).expandDims(1);
    // the attention scale rides on the query's rotation, saving a pass over the scores in every layer
    return new Angles(cos, sin, cos.mul(attentionScale), sin.mul(attentionScale));
  }

  /** Block {@code layer} over a whole sequence (no KV cache), for passes that run the blocks one at a time. */
  public NDArray block(int layer, NDArray x, Angles angles, NDArray mask) {
    return block(layer, x, angles, mask, null);
  }

  /** The normalisation after the last block: its output is what {@link #logits} reads. */
  public NDArray finalNorm(NDArray x) {
    return rmsNorm(x, weights.finalNorm);
  }

  /**
   * Vocabulary logits for hidden states [..., H]. For the few rows of a decode step, table × xᵀ streams the large
   * LM head once at about twice the speed of x × tableᵀ (measured on MKL); many rows go through the usual GEMM.
   * Either way the logits belong to {@code hidden}'s manager.
   */
  public NDArray logits(NDArray hidden) {
    long rows = hidden.getShape().size() / config.hiddenSize();
    if (rows > FEW_ROWS) {
      return Ops.linear(hidden, weights.lmHead, null);
    }
    Shape out = hidden.getShape().slice(0, hidden.getShape().dimension() - 1).add(config.vocabSize());
    // An op's result joins its first operand's manager, here the weights': left there, these logits and everything
    // computed from them would live as long as the model (megabytes per call, without end in a worker).
    NDArray logits;
    try (NDScope ignored = new NDScope()) {
      logits = weights.lmHead.matMul(hidden.reshape(rows, config.hiddenSize()).transpose()) // [V, rows]
          .transpose()
          .reshape(out);
      NDScope.unregister(logits);
    }
    logits.attach(hidden.getManager());
    NDScope.register(logits);
    return logits;
  }

  /** RoPE factors of the current positions, [B, 1, T, D]; the query's carry the 1/√D attention scale. */
  public record Angles(NDArray cos, NDArray sin, NDArray queryCos, NDArray querySin) {}

  private NDArray block(int layer, NDArray x, Angles angles, NDArray mask, KvCache cache) {
    NDArray next;
    try (NDScope ignored = new NDScope()) {
      LayerWeights w = weights.layers.get(layer);
      NDArray normed = rmsNorm(x, w.attnNorm());
      if (adapter != null) {
        adapter.beginBlock(layer, normed);
      }
      NDArray h = x.add(attention(layer, w, normed, angles, mask, cache));
      next = h.add(mlp(layer, w, rmsNorm(h, w.mlpNorm())));
      NDScope.unregister(next);
    }
    NDScope.register(next);
    return next;
  }

  private NDArray attention(
      int layer, LayerWeights w, NDArray x, Angles angles, NDArray mask, KvCache cache) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int heads = config.heads();
    int kvHeads = config.kvHeads();
    int d = config.headDim();
    // [B, nH, T, D] and [B, KV, T, D]
    NDArray q = project(layer, LoraTarget.Q, x, w.q(), w.qBias()).reshape(b, t, heads, d).swapAxes(1, 2);
    NDArray k = project(layer, LoraTarget.K, x, w.k(), w.kBias()).reshape(b, t, kvHeads, d).swapAxes(1, 2);
    NDArray v = project(layer, LoraTarget.V, x, w.v(), w.vBias()).reshape(b, t, kvHeads, d).swapAxes(1, 2);
    q = rotate(q, angles.queryCos(), angles.querySin()); // scaled by 1/√D
    k = rotate(k, angles.cos(), angles.sin());
    if (cache != null) {
      cache.write(layer, k, v);
      int filled = cache.length() + (int) t;
      k = cache.keys(layer, filled); // [B, KV, S, D]
      v = cache.values(layer, filled);
    }
    long s = k.getShape().get(2);
    long span = Math.max(1, maxScoreFloats / (b * heads * s));
    NDArray context;
    if (t <= span) {
      context = attend(q, k, v, mask);
    } else {
      // Softmax is per query row, so query spans attended one after another give the same context while only one
      // span's scores exist at a time: a long prompt's full [T, S] scores would take hundreds of megabytes.
      NDArray keys = k.swapAxes(-1, -2);
      NDArray[] spans = new NDArray[(int) ((t + span - 1) / span)];
      for (int i = 0; i < spans.length; i++) {
        long from = i * span;
        long to = Math.min(t, from + span);
        try (NDScope ignored = new NDScope()) {
          NDIndex rows = new NDIndex(":, :, {}:{}", from, to);
          spans[i] = attendTransposed(q.get(rows), keys, v, mask.get(new NDIndex(":, :, :, {}:{}", from, to)));
          NDScope.unregister(spans[i]);
        }
        NDScope.register(spans[i]);
      }
      context = NDArrays.concat(new NDList(spans), 2);
    }
    return project(layer, LoraTarget.O, context.swapAxes(1, 2).reshape(b, t, (long) heads * d), w.o(), null);
  }

  /** Attention of queries [B, nH, T, D] over keys and values [B, KV, S, D]: the context [B, nH, T, D]. */
  private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask) {
    return attendTransposed(q, k.swapAxes(-1, -2), v, mask);
  }

  private NDArray attendTransposed(NDArray q, NDArray keysTransposed, NDArray v, NDArray mask) {
    long b = q.getShape().get(0);
    long t = q.getShape().get(2);
    int kvHeads = config.kvHeads();
    int g = config.groupSize();
    int d = config.headDim();
    long s = keysTransposed.getShape().get(3);
    // The G query heads sharing a KV head become G·T rows of one GEMM against that head's keys: a plain batched
    // matmul, several times faster than broadcasting the keys over G (which makes torch expand them first).
    NDArray scores =
        q.reshape(b, kvHeads, (long) g * t, d) // [B, KV, G·T, D]
            .matMul(keysTransposed) // [B, KV, G·T, S]
            .reshape(b, kvHeads, g, t, s)
            .add(mask); // mask [B, 1, 1, T, S]
    return scores.softmax(-1).reshape(b, kvHeads, (long) g * t, s).matMul(v) // [B, KV, G·T, D]
        .reshape(b, config.heads(), t, d);
  }

  /** A linear layer plus the adapter's low-rank update for it, if any. */
  private NDArray project(int layer, LoraTarget target, NDArray x, NDArray weight, NDArray bias) {
    NDArray y = Ops.linear(x, weight, bias);
    if (adapter != null && adapter.adapts(layer, target)) {
      y = y.add(adapter.delta(layer, target, x));
    }
    return y;
  }

  /** Half-split rotation: x * cos + rotate_half(x) * sin, with rotate_half(x) = [-x2, x1] as one small matmul. */
  private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
    return x.mul(cos).add(x.matMul(rotateHalf).mul(sin));
  }

  /** R with x · R = [-x2, x1] for x = [x1, x2]: entries are 0 and ±1, so the product is exact. */
  private static NDArray rotateHalfMatrix(int d, NDManager m) {
    float[] r = new float[d * d];
    int half = d / 2;
    for (int i = 0; i < half; i++) {
      r[(i + half) * d + i] = -1f; // output i takes -x[i + half]
      r[i * d + i + half] = 1f; // output i + half takes x[i]
    }
    return m.create(r, new Shape(d, d));
  }

  private NDArray mlp(int layer, LayerWeights w, NDArray x) {
    NDArray gate = project(layer, LoraTarget.GATE, x, w.gate(), null);
    NDArray up = project(layer, LoraTarget.UP, x, w.up(), null);
    return project(layer, LoraTarget.DOWN, activation(gate).mul(up), w.down(), null);
  }

  private NDArray activation(NDArray x) {
    if (config.family().gemmaStyle) {
      // tanh-approximated GELU, as Gemma was trained with
      NDArray inner = x.add(x.mul(x).mul(x).mul(geluCubic)).mul(geluScale);
      return x.mul(half).mul(inner.tanh().add(one));
    }
    return x.mul(x.getNDArrayInternal().sigmoid()); // SiLU
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray rms = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
    return x.div(rms).mul(weight);
  }
}
