package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.lora.LoraKey;
import java.util.List;
import java.util.Map;

/**
 * Combines N task vectors (dense per-module deltas ΔW_i = scale·B_i·A_i, row-major [out, in]) into one. A module
 * missing from a task vector counts as a zero delta; the result covers every module any task vector has.
 */
public interface MergeMethod {
  /**
   * @param deltas one map per task, as built by {@link TaskVectors}
   * @param weights one weight per task, in the same order
   */
  Map<LoraKey, float[]> merge(List<Map<LoraKey, float[]>> deltas, double[] weights);
}
