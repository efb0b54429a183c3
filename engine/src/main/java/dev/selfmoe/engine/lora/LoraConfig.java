package dev.selfmoe.engine.lora;

import dev.selfmoe.engine.EngineException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A LoRA adapter's shape: rank r, scaling alpha (the update is (alpha / r)·B·A), dropout on the adapter's input, and
 * the modules it adapts. Defaults are the paper's: r 8, alpha 16, every linear module.
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<LoraTarget> targets) {
  public LoraConfig {
    if (rank <= 0) {
      throw new EngineException("LoRA rank must be positive, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new EngineException("LoRA alpha must be positive, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new EngineException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    if (targets.isEmpty()) {
      throw new EngineException("LoRA needs at least one target module");
    }
    // Enum order, not Set.copyOf's per-JVM order: checkpoint fingerprints and saved configs must match across workers.
    targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));
  }

  public static LoraConfig paperDefaults() {
    return new LoraConfig(8, 16, 0.0, LoraTarget.allLinear());
  }

  public double scale() {
    return alpha / rank;
  }
}
