package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.LoraKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * DARE (Yu et al., 2024): drop each delta entry with probability p and rescale the survivors by 1/(1−p), which keeps
 * every entry's expectation, then combine the sparsified task vectors with another method — {@link LinearMerge}
 * (DARE-linear) or {@link TiesMerge} at density 1 (DARE-TIES: sign election and disjoint mean, no trimming).
 *
 * <p>Each (task, module) pair draws from its own random stream derived from the seed, the task's position and the
 * module, so a result depends only on those — not on map iteration order or on which other modules are present.
 */
public record DareMerge(double dropProbability, long seed, MergeMethod combine) implements MergeMethod {
  public DareMerge {
    if (!(dropProbability >= 0 && dropProbability < 1)) {
      throw new EngineException("DARE drop probability must be in [0, 1), got " + dropProbability);
    }
    if (combine == null) {
      throw new EngineException("DARE needs a method to combine the sparsified task vectors");
    }
  }

  public static DareMerge linear(double dropProbability, long seed, double lambda) {
    return new DareMerge(dropProbability, seed, new LinearMerge(lambda));
  }

  public static DareMerge ties(double dropProbability, long seed, double lambda) {
    return new DareMerge(dropProbability, seed, new TiesMerge(1.0, lambda));
  }

  @Override
  public Map<LoraKey, float[]> merge(List<Map<LoraKey, float[]>> deltas, double[] weights) {
    AlignedDeltas.checkInputs(deltas, weights);
    List<Map<LoraKey, float[]>> sparse = new ArrayList<>();
    for (int t = 0; t < deltas.size(); t++) {
      Map<LoraKey, float[]> task = new TreeMap<>();
      for (Map.Entry<LoraKey, float[]> e : deltas.get(t).entrySet()) {
        task.put(e.getKey(), dropAndRescale(e.getValue(), new SplittableRandom(streamSeed(t, e.getKey()))));
      }
      sparse.add(task);
    }
    return combine.merge(sparse, weights);
  }

  private float[] dropAndRescale(float[] v, SplittableRandom random) {
    if (dropProbability == 0) {
      return v.clone();
    }
    double keep = 1.0 / (1.0 - dropProbability);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      // One draw per entry, zero or not, so an entry's fate depends only on its index.
      if (random.nextDouble() >= dropProbability) {
        out[i] = (float) (v[i] * keep);
      }
    }
    return out;
  }

  private long streamSeed(int task, LoraKey key) {
    long h = mix(seed);
    h = mix(h + task);
    h = mix(h + key.layer());
    return mix(h + key.target().ordinal());
  }

  /** SplitMix64's finaliser: consecutive inputs give unrelated outputs. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
