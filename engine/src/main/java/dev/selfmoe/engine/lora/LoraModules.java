package dev.selfmoe.engine.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.model.TrainableAdapter;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One LoRA adapter as tensors the forward pass uses: per adapted module, A [r, in] and B [out, r], adding
 * scale · B · A · x to the module's output. Trainable when its parameters require gradients.
 */
public final class LoraModules implements TrainableAdapter, AutoCloseable {
  private final LoraConfig config;
  private final NDManager manager;
  private final Map<LoraKey, NDArray> a = new TreeMap<>();
  private final Map<LoraKey, NDArray> b = new TreeMap<>();
  private final NDArray scale; // torch-owned: autograd keeps a reference to it
  private final int layers;
  private final NDArray keep; // 1 - dropout, torch-owned
  private boolean dropoutActive;

  private LoraModules(LoraConfig config, int layers, NDManager parent) {
    this.config = config;
    this.layers = layers;
    this.manager = parent.newSubManager();
    this.scale = manager.create((float) config.scale());
    this.keep = manager.create((float) (1 - config.dropout()));
  }

  /**
   * Fresh adapter as PEFT initialises one: A uniform in ±1/√in (Kaiming-uniform with a = √5), B zero, so training
   * starts from the base model exactly.
   */
  public static LoraModules initialize(LoraConfig config, ModelConfig model, NDManager parent, long seed) {
    LoraModules m = new LoraModules(config, model.layers(), parent);
    SplittableRandom random = new SplittableRandom(seed);
    for (int layer = 0; layer < model.layers(); layer++) {
      for (LoraTarget t : config.targets()) {
        int in = ModuleShapes.in(model, t);
        int out = ModuleShapes.out(model, t);
        float bound = (float) (1 / Math.sqrt(in));
        float[] av = new float[config.rank() * in];
        for (int i = 0; i < av.length; i++) {
          av[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        m.put(new LoraKey(layer, t), new LoraFactors(config.rank(), in, out, av, new float[out * config.rank()]));
      }
    }
    return m;
  }

  /** The adapter's tensors after checking every module's shape against the model. */
  public static LoraModules of(LoraAdapter adapter, ModelConfig model, NDManager parent) {
    LoraModules m = new LoraModules(adapter.config(), model.layers(), parent);
    for (Map.Entry<LoraKey, LoraFactors> e : adapter.factors().entrySet()) {
      LoraKey key = e.getKey();
      LoraFactors f = e.getValue();
      int in = ModuleShapes.in(model, key.target());
      int out = ModuleShapes.out(model, key.target());
      if (key.layer() >= model.layers() || f.in() != in || f.out() != out) {
        m.close();
        throw new EngineException("adapter does not match the base model: layer " + key.layer() + " "
            + key.target().module + " is [" + f.out() + " x " + f.in() + "] but the model's is [" + out + " x " + in
            + "] with " + model.layers() + " layers");
      }
      m.put(key, f);
    }
    return m;
  }

  private void put(LoraKey key, LoraFactors f) {
    a.put(key, manager.create(f.a(), new Shape(f.rank(), f.in())));
    b.put(key, manager.create(f.b(), new Shape(f.out(), f.rank())));
  }

  public LoraConfig config() {
    return config;
  }

  /** Every trainable tensor, A and B of each module in a fixed order. */
  @Override
  public List<NDArray> parameters() {
    List<NDArray> p = new ArrayList<>();
    for (LoraKey k : a.keySet()) {
      p.add(a.get(k));
      p.add(b.get(k));
    }
    return p;
  }

  /** Training also turns on dropout of the adapter's input (drawn from the engine's seeded generator). */
  @Override
  public void setTrainable(boolean trainable) {
    parameters().forEach(p -> p.setRequiresGradient(trainable));
    dropoutActive = trainable && config.dropout() > 0;
  }

  /** A heap copy of the current values. */
  public LoraAdapter toAdapter(String baseModel) {
    Map<LoraKey, LoraFactors> factors = new TreeMap<>();
    for (LoraKey k : a.keySet()) {
      NDArray av = a.get(k);
      NDArray bv = b.get(k);
      int rank = (int) av.getShape().get(0);
      factors.put(k, new LoraFactors(rank, (int) av.getShape().get(1), (int) bv.getShape().get(0),
          av.toFloatArray(), bv.toFloatArray()));
    }
    return new LoraAdapter(config, baseModel, factors);
  }

  @Override
  public boolean adapts(int layer, LoraTarget target) {
    return a.containsKey(new LoraKey(layer, target));
  }

  @Override
  public NDArray delta(int layer, LoraTarget target, NDArray x) {
    LoraKey key = new LoraKey(layer, target);
    if (dropoutActive) {
      NDArray mask = x.getManager().randomUniform(0, 1, x.getShape()).lt(keep).toType(x.getDataType(), false);
      x = x.mul(mask).div(keep);
    }
    return Ops.linear(Ops.linear(x, a.get(key), null), b.get(key), null).mul(scale);
  }

  @Override
  public boolean foldable() {
    return !dropoutActive && parameters().stream().noneMatch(NDArray::hasGradient);
  }

  @Override
  public NDArray foldedUpdate(int layer, LoraTarget target, NDManager into) {
    LoraKey key = new LoraKey(layer, target);
    NDArray product = b.get(key).matMul(a.get(key)); // [out, r] x [r, in]
    product.attach(into); // so the product below, made in the same manager, goes with it
    return product.mul(scale);
  }

  /** A [r, in] of an adapted module (a live parameter: use it inside the graph when training). */
  public NDArray a(LoraKey key) {
    return a.get(key);
  }

  /** B [out, r] of an adapted module. */
  public NDArray b(LoraKey key) {
    return b.get(key);
  }

  @Override
  public void close() {
    manager.close();
  }
}
