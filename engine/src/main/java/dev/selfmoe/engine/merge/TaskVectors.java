package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraFactors;
import dev.selfmoe.engine.lora.LoraKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An adapter's task vector: the dense update scale·B·A per module. Merges act on these rather than on the factors,
 * because factors of different adapters live in unrelated rank-r bases and cannot be averaged directly.
 */
public final class TaskVectors {
  private TaskVectors() {}

  /** Module → row-major [out, in] delta scale·B·A. */
  public static Map<LoraKey, float[]> of(LoraAdapter adapter) {
    Map<LoraKey, float[]> deltas = new TreeMap<>();
    double scale = adapter.config().scale();
    for (Map.Entry<LoraKey, LoraFactors> e : adapter.factors().entrySet()) {
      deltas.put(e.getKey(), e.getValue().delta(scale));
    }
    return deltas;
  }

  /** The task vectors of adapters that are to be merged, after checking they adapt the same base shapes. */
  public static List<Map<LoraKey, float[]>> of(List<LoraAdapter> adapters) {
    shapes(adapters);
    List<Map<LoraKey, float[]>> all = new ArrayList<>();
    for (LoraAdapter a : adapters) {
      all.add(of(a));
    }
    return all;
  }

  /**
   * {@code method}'s merge of the adapters' task vectors, one module at a time: only that module's dense deltas
   * exist at once, where {@link #of(List)} would hold every adapter's whole task vector (four SmolLM2 experts: 1.7 GB
   * of float32). Every merge here acts on each module alone, so the result is the same.
   */
  public static Map<LoraKey, float[]> mergedByModule(MergeMethod method, List<LoraAdapter> adapters,
      double[] weights) {
    Map<LoraKey, float[]> merged = new TreeMap<>();
    for (LoraKey key : shapes(adapters).keySet()) {
      merged.put(key, mergedModule(method, adapters, weights, key));
    }
    return merged;
  }

  /** {@code method}'s merge of one module: the only dense deltas it builds are that module's. */
  public static float[] mergedModule(MergeMethod method, List<LoraAdapter> adapters, double[] weights,
      LoraKey key) {
    List<Map<LoraKey, float[]>> module = new ArrayList<>();
    for (LoraAdapter a : adapters) {
      LoraFactors f = a.factors().get(key);
      module.add(f == null ? Map.of() : Map.of(key, f.delta(a.config().scale())));
    }
    float[] merged = method.merge(module, weights).get(key);
    if (merged == null) {
      throw new EngineException("the merge gave no update for " + AlignedDeltas.name(key));
    }
    return merged;
  }

  /**
   * Module → {in, out} over the union of the adapters' modules. Adapters may cover different modules (a missing one
   * merges as zero), but a module present in several must have one shape, or they were not trained on one base.
   */
  public static Map<LoraKey, int[]> shapes(List<LoraAdapter> adapters) {
    Map<LoraKey, int[]> shapes = new TreeMap<>();
    for (LoraAdapter a : adapters) {
      for (Map.Entry<LoraKey, LoraFactors> e : a.factors().entrySet()) {
        LoraFactors f = e.getValue();
        int[] seen = shapes.putIfAbsent(e.getKey(), new int[] {f.in(), f.out()});
        if (seen != null && (seen[0] != f.in() || seen[1] != f.out())) {
          throw new EngineException("adapters disagree on the shape of " + AlignedDeltas.name(e.getKey())
              + ": [out " + seen[1] + ", in " + seen[0] + "] vs [out " + f.out() + ", in " + f.in()
              + "] (different base models?)");
        }
      }
    }
    return shapes;
  }
}
