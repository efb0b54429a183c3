package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TIES-Merging (Yadav et al., 2023): trim each task vector to its top-density magnitudes per tensor, elect a sign
 * per element as the sign of the weighted sum of the trimmed values (the side with more total mass wins; an exact
 * tie elects +), then take the disjoint mean — the weighted mean Σ w_i·τ_i / Σ w_i over only the non-zero trimmed
 * values that agree with the elected sign — and scale by λ. Elements where nothing agrees merge to 0.
 *
 * <p>With equal weights the disjoint mean is the paper's plain mean over agreeing tasks. Normalising by the agreeing
 * weights (as mergekit does) rather than by their count (as PEFT does) keeps w_i a relative importance and leaves
 * the overall strength to λ. Weights must therefore be positive.
 *
 * <p>density = 1 skips trimming, leaving sign election and disjoint mean — the combine step of DARE-TIES.
 */
public record TiesMerge(double density, double lambda) implements MergeMethod {
  public TiesMerge {
    if (!(density > 0 && density <= 1)) {
      throw new EngineException("TIES density must be in (0, 1], got " + density);
    }
    if (!Double.isFinite(lambda)) {
      throw new EngineException("TIES scaling λ must be finite, got " + lambda);
    }
  }

  @Override
  public Map<LoraKey, float[]> merge(List<Map<LoraKey, float[]>> deltas, double[] weights) {
    Map<LoraKey, float[][]> aligned = AlignedDeltas.align(deltas, weights);
    for (double w : weights) {
      if (!(w > 0)) {
        throw new EngineException("TIES merge weights must be positive, got " + w);
      }
    }
    Map<LoraKey, float[]> merged = new TreeMap<>();
    for (Map.Entry<LoraKey, float[][]> e : aligned.entrySet()) {
      float[][] perTask = e.getValue();
      float[][] trimmed = new float[perTask.length][];
      for (int t = 0; t < perTask.length; t++) {
        trimmed[t] = MagnitudeTrim.trim(perTask[t], density);
      }
      merged.put(e.getKey(), electAndAverage(trimmed, weights));
    }
    return merged;
  }

  private float[] electAndAverage(float[][] trimmed, double[] weights) {
    float[] out = new float[trimmed[0].length];
    for (int j = 0; j < out.length; j++) {
      double mass = 0;
      for (int t = 0; t < trimmed.length; t++) {
        mass += weights[t] * trimmed[t][j];
      }
      boolean positive = mass >= 0;
      double sum = 0;
      double weight = 0;
      for (int t = 0; t < trimmed.length; t++) {
        float v = trimmed[t][j];
        if (v != 0 && (v > 0) == positive) {
          sum += weights[t] * v;
          weight += weights[t];
        }
      }
      out[j] = weight == 0 ? 0f : (float) (lambda * sum / weight);
    }
    return out;
  }
}
