package dev.selfmoe.workflows.spec;

import java.util.List;
import java.util.Set;

/** One LoRA expert's shape and training (rank 8, alpha 16, every linear module by default). */
public record LoraSpec(int rank, double alpha, List<String> targets, TrainingSpec training) {
  static final List<String> ALL_LINEAR =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  static LoraSpec read(SpecNode n) {
    List<String> targets = n.strings("targets", ALL_LINEAR);
    for (int i = 0; i < targets.size(); i++) {
      if (!Set.copyOf(ALL_LINEAR).contains(targets.get(i))) {
        throw new SpecException(n.path("targets") + "[" + i + "]: unknown module " + targets.get(i) + " (one of "
            + String.join(", ", ALL_LINEAR) + ")");
      }
    }
    return new LoraSpec(n.integer("rank", 8, 1, 1024), n.number("alpha", 16, 1e-6, 1e6), List.copyOf(targets),
        TrainingSpec.read(n));
  }
}
