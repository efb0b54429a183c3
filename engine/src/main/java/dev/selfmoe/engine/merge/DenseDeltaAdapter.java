package dev.selfmoe.engine.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.lora.ModuleShapes;
import dev.selfmoe.engine.model.BlockAdapter;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.Ops;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A merged model as base weights plus full-rank updates ΔW per module, applied as W·x + ΔW·x. The base weights stay
 * untouched (they are often read-only mappings of the model file), and the merge runs exactly, without a low-rank
 * approximation.
 */
public final class DenseDeltaAdapter implements BlockAdapter, AutoCloseable {
  private final NDManager manager;
  private final Map<LoraKey, NDArray> deltas = new TreeMap<>();
  private final List<ByteBuffer> backing = new ArrayList<>(); // torch reads these in place; they must stay reachable

  private DenseDeltaAdapter(NDManager parent) {
    manager = parent.newSubManager();
  }

  /** A merged model directory's updates, read straight from the file into torch (none held on the Java heap). */
  public static DenseDeltaAdapter load(Path dir, ModelConfig model, NDManager parent) {
    DenseDeltaAdapter a = new DenseDeltaAdapter(parent);
    try {
      MergedModelFormat.forEachDelta(dir, (k, v) -> a.add(k, v, model));
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  private void add(LoraKey k, ByteBuffer values, ModelConfig model) {
    int in = ModuleShapes.in(model, k.target());
    int out = ModuleShapes.out(model, k.target());
    if (k.layer() >= model.layers() || values.remaining() != 4L * in * out) {
      throw new EngineException("merged update for layer " + k.layer() + " " + k.target().module
          + " does not match the base model ([" + out + " x " + in + "], " + model.layers() + " layers)");
    }
    backing.add(values);
    deltas.put(k, manager.create(values, new Shape(out, in), DataType.FLOAT32));
  }

  @Override
  public boolean adapts(int layer, LoraTarget target) {
    return deltas.containsKey(new LoraKey(layer, target));
  }

  @Override
  public NDArray delta(int layer, LoraTarget target, NDArray x) {
    return Ops.linear(x, deltas.get(new LoraKey(layer, target)), null);
  }

  @Override
  public boolean foldable() {
    return true;
  }

  @Override
  public NDArray foldedUpdate(int layer, LoraTarget target, NDManager into) {
    NDArray copy = deltas.get(new LoraKey(layer, target)).duplicate();
    copy.attach(into);
    return copy;
  }

  @Override
  public void close() {
    manager.close();
  }
}
