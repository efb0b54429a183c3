package dev.selfmoe.engine.merge;

import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A merged delta refactored into a rank-r adapter, with what the truncation cost.
 *
 * @param relativeErrors per module ‖ΔW − scale·B·A‖_F / ‖ΔW‖_F, measured on the returned float factors (so it includes
 *     their rounding); by Eckart–Young it is sqrt(Σ_{i>r} σᵢ²) / sqrt(Σ σᵢ²) of ΔW up to that rounding, and 0 for a
 *     zero delta
 */
public record LowRankResult(LoraAdapter adapter, Map<LoraKey, Double> relativeErrors) {
  public LowRankResult {
    relativeErrors = Collections.unmodifiableMap(new TreeMap<>(relativeErrors));
  }

  /** The worst module's relative error, 0 for no modules. */
  public double maxRelativeError() {
    return relativeErrors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
