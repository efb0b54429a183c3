package dev.selfmoe.engine.lora;

import dev.selfmoe.engine.EngineException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The linear modules of a decoder block that can carry a LoRA adapter, by their Hugging Face / PEFT names. */
public enum LoraTarget {
  Q("self_attn", "q_proj"),
  K("self_attn", "k_proj"),
  V("self_attn", "v_proj"),
  O("self_attn", "o_proj"),
  GATE("mlp", "gate_proj"),
  UP("mlp", "up_proj"),
  DOWN("mlp", "down_proj");

  /** The submodule holding the linear layer ({@code self_attn} or {@code mlp}). */
  public final String block;
  /** The module name PEFT's {@code target_modules} uses. */
  public final String module;

  LoraTarget(String block, String module) {
    this.block = block;
    this.module = module;
  }

  /** The paper's default: every linear layer of the block. */
  public static Set<LoraTarget> allLinear() {
    return EnumSet.allOf(LoraTarget.class);
  }

  public static LoraTarget byModule(String module) {
    for (LoraTarget t : values()) {
      if (t.module.equals(module)) {
        return t;
      }
    }
    throw new EngineException("unknown LoRA target module '" + module + "' (known: "
        + Arrays.stream(values()).map(t -> t.module).collect(Collectors.joining(", ")) + ")");
  }
}
