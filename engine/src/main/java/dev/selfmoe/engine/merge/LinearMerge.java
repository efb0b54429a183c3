package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * λ·Σ w_i·ΔW_i. With λ = 1 this is a plain weighted sum (weights summing to 1 give a weighted average); with a global
 * λ it is task arithmetic.
 */
public record LinearMerge(double lambda) implements MergeMethod {
  public LinearMerge {
    if (!Double.isFinite(lambda)) {
      throw new EngineException("linear merge scaling λ must be finite, got " + lambda);
    }
  }

  public LinearMerge() {
    this(1.0);
  }

  @Override
  public Map<LoraKey, float[]> merge(List<Map<LoraKey, float[]>> deltas, double[] weights) {
    Map<LoraKey, float[]> merged = new TreeMap<>();
    for (Map.Entry<LoraKey, float[][]> e : AlignedDeltas.align(deltas, weights).entrySet()) {
      float[][] perTask = e.getValue();
      float[] out = new float[perTask[0].length];
      for (int j = 0; j < out.length; j++) {
        double sum = 0;
        for (int t = 0; t < perTask.length; t++) {
          sum += weights[t] * perTask[t][j];
        }
        out[j] = (float) (lambda * sum);
      }
      merged.put(e.getKey(), out);
    }
    return merged;
  }
}
