package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraConfig;
import dev.selfmoe.engine.lora.LoraFactors;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns merged dense deltas back into a LoRA adapter, so a merge baseline runs through the same adapter path as the
 * experts. Each module gets the best rank-r approximation of its delta (truncated SVD, Eckart–Young), with the
 * singular values split evenly as sqrt(σ/scale) into A and B: scale·B·A = U_r·Σ_r·V_rᵀ, and A and B have comparable
 * magnitudes, which matters if the result is trained further.
 */
public final class LowRankRefactor {
  private LowRankRefactor() {}

  /**
   * @param merged module → row-major [out, in] delta, e.g. from a {@link MergeMethod}
   * @param shapes module → {in, out}, e.g. from {@link TaskVectors#shapes}
   * @param rank the adapter's rank; above min(in, out) the extra components are zero
   * @param template supplies alpha, dropout and targets; the result's scale is template.alpha / rank
   */
  public static LowRankResult toAdapter(Map<LoraKey, float[]> merged, Map<LoraKey, int[]> shapes, int rank,
      LoraConfig template, String baseModel) {
    if (rank <= 0) {
      throw new EngineException("refactoring rank must be positive, got " + rank);
    }
    if (merged.isEmpty()) {
      throw new EngineException("nothing to refactor: the merged task vector has no modules");
    }
    Set<LoraTarget> targets = EnumSet.copyOf(template.targets());
    merged.keySet().forEach(k -> targets.add(k.target()));
    LoraConfig config = new LoraConfig(rank, template.alpha(), template.dropout(), targets);
    double scale = config.scale();
    Map<LoraKey, LoraFactors> factors = new TreeMap<>();
    Map<LoraKey, Double> errors = new TreeMap<>();
    for (Map.Entry<LoraKey, float[]> e : new TreeMap<>(merged).entrySet()) {
      LoraKey key = e.getKey();
      int[] shape = shapes.get(key);
      if (shape == null || shape.length != 2) {
        throw new EngineException("no {in, out} shape given for " + AlignedDeltas.name(key));
      }
      int in = shape[0];
      int out = shape[1];
      float[] delta = e.getValue();
      if (delta.length != (long) in * out) {
        throw new EngineException("merged delta of " + AlignedDeltas.name(key) + " has " + delta.length
            + " values, its shape [out " + out + ", in " + in + "] needs " + (long) in * out);
      }
      LoraFactors f = factorize(delta, in, out, rank, scale);
      factors.put(key, f);
      errors.put(key, relativeError(delta, f.delta(scale)));
    }
    return new LowRankResult(new LoraAdapter(config, baseModel, factors), errors);
  }

  private static LoraFactors factorize(float[] delta, int in, int out, int rank, double scale) {
    double[] m = new double[delta.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = delta[i];
    }
    TruncatedSvd svd = TruncatedSvd.top(m, out, in, rank);
    float[] a = new float[rank * in];
    float[] b = new float[out * rank];
    for (int k = 0; k < rank; k++) {
      double root = Math.sqrt(svd.sigma()[k] / scale);
      for (int j = 0; j < in; j++) {
        a[k * in + j] = (float) (root * svd.v()[k][j]);
      }
      for (int i = 0; i < out; i++) {
        b[i * rank + k] = (float) (root * svd.u()[k][i]);
      }
    }
    return new LoraFactors(rank, in, out, a, b);
  }

  private static double relativeError(float[] target, float[] approx) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < target.length; i++) {
      double d = (double) target[i] - approx[i];
      diff += d * d;
      norm += (double) target[i] * target[i];
    }
    return norm == 0 ? 0 : Math.sqrt(diff / norm);
  }
}
