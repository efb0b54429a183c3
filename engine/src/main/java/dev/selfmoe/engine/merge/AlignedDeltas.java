package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The task vectors regrouped by module, so each merge method only sees "N arrays of one module": missing modules are
 * filled with zeros and size disagreements are caught once, here, with the module named.
 */
final class AlignedDeltas {
  private AlignedDeltas() {}

  /** Module → one array per task (zeros where that task lacks the module), in sorted module order. */
  static Map<LoraKey, float[][]> align(List<Map<LoraKey, float[]>> deltas, double[] weights) {
    checkInputs(deltas, weights);
    Map<LoraKey, Integer> sizes = new TreeMap<>();
    for (Map<LoraKey, float[]> task : deltas) {
      for (Map.Entry<LoraKey, float[]> e : task.entrySet()) {
        Integer seen = sizes.putIfAbsent(e.getKey(), e.getValue().length);
        if (seen != null && seen != e.getValue().length) {
          throw new EngineException("task vectors disagree on the size of " + name(e.getKey()) + ": " + seen
              + " vs " + e.getValue().length + " values");
        }
      }
    }
    Map<LoraKey, float[][]> aligned = new TreeMap<>();
    for (Map.Entry<LoraKey, Integer> e : sizes.entrySet()) {
      float[][] perTask = new float[deltas.size()][];
      for (int t = 0; t < perTask.length; t++) {
        float[] d = deltas.get(t).get(e.getKey());
        perTask[t] = d != null ? d : new float[e.getValue()];
      }
      aligned.put(e.getKey(), perTask);
    }
    return aligned;
  }

  static void checkInputs(List<Map<LoraKey, float[]>> deltas, double[] weights) {
    if (deltas.isEmpty()) {
      throw new EngineException("merging needs at least one task vector");
    }
    if (weights.length != deltas.size()) {
      throw new EngineException("merging needs one weight per task vector: got " + weights.length + " weights for "
          + deltas.size() + " task vectors");
    }
    for (double w : weights) {
      if (!Double.isFinite(w)) {
        throw new EngineException("merge weights must be finite, got " + w);
      }
    }
  }

  /** A module as people name it in PEFT checkpoints. */
  static String name(LoraKey key) {
    return "layer " + key.layer() + " " + key.target().block + "." + key.target().module;
  }
}
