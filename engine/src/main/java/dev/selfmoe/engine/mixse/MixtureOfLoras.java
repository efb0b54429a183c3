package dev.selfmoe.engine.mixse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.decode.RoutedLowRank;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.TrainableAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * MiXSE: LoRA experts mixed per token by a router. At each decoder block the router reads the block's normalised
 * input, α = select(softmax(W_r·x)), and every adapted module of the block adds Σ_i α_i · (its expert-i update).
 * The router is one [experts, hidden] matrix shared by all blocks, or one per block (the layer-wise ablation).
 */
public final class MixtureOfLoras implements TrainableAdapter, AutoCloseable {
  private final List<LoraModules> experts;
  private final NDArray[] router; // per block [experts, hidden]; the same array in every slot when shared
  private final boolean layerwise;
  private final NDManager manager;
  private final NDArray[] alpha; // per block, set by beginBlock: [B, T, experts]
  private Routing routing;
  private boolean trainExperts;
  private RoutingTrace trace;
  private long randomCalls;
  private final Map<LoraKey, Stacked> stackCache = new HashMap<>();
  private RoutedLowRank routed; // the Java decode step's copy, dropped when training starts
  private float[][] routerValues;

  private MixtureOfLoras(List<LoraModules> experts, NDArray[] router, boolean layerwise, Routing routing,
      NDManager manager) {
    if (experts.isEmpty()) {
      throw new EngineException("a mixture needs at least one expert");
    }
    this.experts = List.copyOf(experts);
    this.router = router;
    this.layerwise = layerwise;
    this.routing = routing;
    this.manager = manager;
    this.alpha = new NDArray[router.length];
  }

  /** A fresh router (uniform in ±1/√hidden, seeded) over {@code experts}, which this mixture does not own. */
  public static MixtureOfLoras create(List<LoraModules> experts, int layers, int hidden, boolean layerwise,
      Routing routing, long seed, NDManager parent) {
    NDManager m = parent.newSubManager();
    SplittableRandom random = new SplittableRandom(seed);
    NDArray[] router = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      if (l == 0 || layerwise) {
        float[] w = new float[experts.size() * hidden];
        double bound = 1 / Math.sqrt(hidden);
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        router[l] = m.create(w, new Shape(experts.size(), hidden));
      } else {
        router[l] = router[0];
      }
    }
    return new MixtureOfLoras(experts, router, layerwise, routing, m);
  }

  /** A mixture with router weights given per block (one array repeated when shared). */
  public static MixtureOfLoras of(List<LoraModules> experts, List<float[]> routerWeights, int layers, int hidden,
      Routing routing, NDManager parent) {
    boolean layerwise = routerWeights.size() > 1;
    if (layerwise && routerWeights.size() != layers) {
      throw new EngineException("a layer-wise router needs " + layers + " matrices, got " + routerWeights.size());
    }
    NDManager m = parent.newSubManager();
    NDArray[] router = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      float[] w = routerWeights.get(layerwise ? l : 0);
      if (w.length != experts.size() * hidden) {
        m.close();
        throw new EngineException("router weights have " + w.length + " values, expected " + experts.size()
            + " experts x " + hidden + " hidden");
      }
      router[l] = l == 0 || layerwise ? m.create(w, new Shape(experts.size(), hidden)) : router[0];
    }
    return new MixtureOfLoras(experts, router, layerwise, routing, m);
  }

  public synchronized void setRouting(Routing routing) {
    this.routing = routing;
  }

  public Routing routing() {
    return routing;
  }

  public boolean layerwise() {
    return layerwise;
  }

  public int experts() {
    return experts.size();
  }

  /** Also train the experts (joint training from scratch, the "w/o semantic experts" ablation). */
  public synchronized void setTrainExperts(boolean trainExperts) {
    this.trainExperts = trainExperts;
    routed = null;
  }

  /** Starts collecting routing statistics into {@code trace} (null stops). */
  public void setTrace(RoutingTrace trace) {
    this.trace = trace;
  }

  /** Router matrices, one per distinct array (one when shared). */
  public List<float[]> routerWeights() {
    List<float[]> out = new ArrayList<>();
    for (int l = 0; l < router.length; l++) {
      if (l == 0 || layerwise) {
        out.add(router[l].toFloatArray());
      }
    }
    return out;
  }

  @Override
  public List<NDArray> parameters() {
    List<NDArray> p = new ArrayList<>();
    for (int l = 0; l < router.length; l++) {
      if (l == 0 || layerwise) {
        p.add(router[l]);
      }
    }
    if (trainExperts) {
      experts.forEach(e -> p.addAll(e.parameters()));
    }
    return p;
  }

  @Override
  public synchronized void setTrainable(boolean trainable) {
    routed = null;
    routerValues = null;
    for (int l = 0; l < router.length; l++) {
      if (l == 0 || layerwise) {
        router[l].setRequiresGradient(trainable);
      }
    }
    if (trainExperts) {
      experts.forEach(e -> e.setTrainable(trainable));
    }
  }

  @Override
  public void beginBlock(int layer, NDArray normalizedInput) {
    NDArray a = routing.random() ? randomWeights(normalizedInput) : select(
        Ops.linear(normalizedInput, router[layer], null).softmax(-1));
    alpha[layer] = a;
    if (trace != null) {
      trace.add(layer, a.toFloatArray(), experts.size());
    }
  }

  /** Keeps the chosen experts' probabilities and zeroes the rest; the mask carries no gradient. */
  NDArray select(NDArray probs) {
    int n = experts.size();
    NDArray kept;
    if (routing.dynamicThreshold() > 0) {
      NDArray descending = probs.sort(-1).flip(-1);
      NDArray before = descending.cumSum(-1).sub(descending); // mass of the experts ranked above each
      NDArray count = before.lt(routing.dynamicThreshold()).toType(DataType.INT64, false).sum(new int[] {-1}, true);
      NDArray kth = descending.gather(count.sub(1), -1);
      kept = probs.mul(probs.gte(kth).toType(DataType.FLOAT32, false));
    } else if (routing.topK() >= n) {
      kept = probs;
    } else {
      NDArray kth = probs.sort(-1).get(new NDIndex("..., {}:{}", n - routing.topK(), n - routing.topK() + 1));
      kept = probs.mul(probs.gte(kth).toType(DataType.FLOAT32, false));
    }
    return routing.renormalize() ? kept.div(kept.sum(new int[] {-1}, true)) : kept;
  }

  private NDArray randomWeights(NDArray x) {
    Shape s = x.getShape();
    int rows = (int) (s.size() / s.get(s.dimension() - 1));
    return x.getManager().create(randomAlpha(rows), s.slice(0, s.dimension() - 1).add(n()));
  }

  /** k experts per row drawn from the next call's seeded stream, each weighted 1/k: [rows × experts]. */
  private float[] randomAlpha(int rows) {
    int n = n();
    int k = Math.min(routing.topK(), n);
    SplittableRandom random = new SplittableRandom(routing.seed() * 31 + randomCalls++);
    float[] w = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      int[] order = random.ints(0, n).distinct().limit(k).toArray();
      for (int e : order) {
        w[r * n + e] = 1f / k;
      }
    }
    return w;
  }

  private int n() {
    return experts.size();
  }

  /**
   * The Java decode step's copy of this mixture: every expert's factors and the router as arrays, made once and kept
   * until the mixture is trained again. Routing (top-k, random, renormalising) and the routing trace behave as in
   * {@link #beginBlock}.
   */
  @Override
  public synchronized Optional<RoutedLowRank> routedDecoding() {
    if (trainExperts) {
      return Optional.empty();
    }
    if (routed == null) {
      routed = new RoutedLowRank(router.length, n(), stackedFactors(), this::route);
    }
    return Optional.of(routed);
  }

  private Map<LoraKey, RoutedLowRank.Factors[]> stackedFactors() {
    Map<LoraKey, RoutedLowRank.Factors[]> all = new HashMap<>();
    for (int e = 0; e < n(); e++) {
      LoraModules expert = experts.get(e);
      for (int layer = 0; layer < router.length; layer++) {
        for (LoraTarget target : LoraTarget.values()) {
          if (!expert.adapts(layer, target)) {
            continue;
          }
          LoraKey key = new LoraKey(layer, target);
          NDArray a = expert.a(key);
          int rank = (int) a.getShape().get(0);
          int in = (int) a.getShape().get(1);
          float[] bTransposed;
          try (NDArray t = expert.b(key).transpose()) {
            bTransposed = t.toFloatArray();
          }
          all.computeIfAbsent(key, k -> new RoutedLowRank.Factors[n()])[e] = new RoutedLowRank.Factors(rank, in,
              bTransposed.length / rank, a.toFloatArray(), bTransposed, (float) expert.config().scale());
        }
      }
    }
    return all;
  }

  private float[] route(int layer, float[] x, int rows, int hidden) {
    int n = n();
    float[] alphaRows;
    if (routing.random()) {
      alphaRows = randomAlpha(rows);
    } else {
      if (routerValues == null) {
        routerValues = new float[router.length][];
        for (int l = 0; l < router.length; l++) {
          routerValues[l] = l == 0 || layerwise ? router[l].toFloatArray() : routerValues[0];
        }
      }
      float[] w = routerValues[layer];
      float[] probs = new float[rows * n];
      for (int r = 0; r < rows; r++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int e = 0; e < n; e++) {
          float logit = 0;
          for (int i = 0; i < hidden; i++) {
            logit += w[e * hidden + i] * x[r * hidden + i];
          }
          probs[r * n + e] = logit;
          max = Math.max(max, logit);
        }
        float sum = 0;
        for (int e = 0; e < n; e++) {
          probs[r * n + e] = (float) Math.exp(probs[r * n + e] - max);
          sum += probs[r * n + e];
        }
        for (int e = 0; e < n; e++) {
          probs[r * n + e] /= sum;
        }
      }
      alphaRows = routing.weights(probs, rows, n);
    }
    if (trace != null) {
      trace.add(layer, alphaRows, n);
    }
    return alphaRows;
  }

  @Override
  public boolean adapts(int layer, LoraTarget target) {
    for (LoraModules e : experts) {
      if (e.adapts(layer, target)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Σ_i α_i · scale_i · B_i A_i x computed in rank space: the experts' A and B are stacked, h = A_cat·x holds every
   * expert's r values side by side, each block is weighted by its expert's α·scale, and one B_cat maps back. Only
   * the narrow h is kept for backward, instead of one full-width output per expert.
   */
  @Override
  public NDArray delta(int layer, LoraTarget target, NDArray x) {
    Stacked s = stacked(new LoraKey(layer, target));
    NDArray weights = alpha[layer].matMul(s.spread); // [B, T, R]: α_i·scale_i over expert i's r columns
    return Ops.linear(Ops.linear(x, s.a, null).mul(weights), s.b, null);
  }

  /** A_cat [R, in], B_cat [out, R] and the [experts, R] map spreading α over each expert's columns. */
  private record Stacked(NDArray a, NDArray b, NDArray spread) {}

  private Stacked stacked(LoraKey key) {
    Stacked cached = trainExperts ? null : stackCache.get(key);
    if (cached != null) {
      return cached;
    }
    NDManager m = trainExperts ? alpha[key.layer()].getManager() : manager;
    List<NDArray> as = new ArrayList<>();
    List<NDArray> bs = new ArrayList<>();
    List<float[]> spreadRows = new ArrayList<>();
    int total = 0;
    for (LoraModules e : experts) {
      total += e.adapts(key.layer(), key.target()) ? (int) e.a(key).getShape().get(0) : 0;
    }
    int offset = 0;
    for (LoraModules e : experts) {
      float[] row = new float[total];
      if (e.adapts(key.layer(), key.target())) {
        int r = (int) e.a(key).getShape().get(0);
        java.util.Arrays.fill(row, offset, offset + r, (float) e.config().scale());
        offset += r;
        as.add(e.a(key));
        bs.add(e.b(key));
      }
      spreadRows.add(row);
    }
    float[] spread = new float[experts.size() * total];
    for (int i = 0; i < experts.size(); i++) {
      System.arraycopy(spreadRows.get(i), 0, spread, i * total, total);
    }
    NDArray a = as.size() == 1 ? as.get(0) : NDArrays.concat(new NDList(as), 0);
    NDArray b = bs.size() == 1 ? bs.get(0) : NDArrays.concat(new NDList(bs), 1);
    Stacked s = new Stacked(a, b, m.create(spread, new Shape(experts.size(), total)));
    if (!trainExperts) {
      // kept across forward passes: out of the block's scope, owned by this mixture
      NDScope.unregister(s.spread);
      if (as.size() > 1) {
        NDScope.unregister(a, b);
        a.attach(manager);
        b.attach(manager);
      }
      stackCache.put(key, s);
    }
    return s;
  }

  /** Closes the router; the experts belong to the caller. */
  @Override
  public void close() {
    manager.close();
  }
}
