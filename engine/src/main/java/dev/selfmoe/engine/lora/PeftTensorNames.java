package dev.selfmoe.engine.lora;

import dev.selfmoe.engine.EngineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEFT's tensor names for a LoRA on a Llama-style causal LM. PEFT wraps the model twice (PeftModel.base_model is a
 * LoraModel whose .model is the LlamaForCausalLM, whose .model is the decoder), hence the three prefixes; saved files
 * drop the adapter name ("default") that live modules carry, but older tools kept it, so reading accepts both.
 */
final class PeftTensorNames {
  static final String PREFIX = "base_model.model.";

  private static final Pattern LORA = Pattern.compile(
      "base_model\\.model\\.(model\\.layers\\.(\\d+)\\.(\\w+)\\.(\\w+))\\.lora_([AB])(?:\\.([^.]+))?\\.weight");

  private PeftTensorNames() {}

  /** One parsed factor name; {@code module} is the path PEFT matches target_modules against. */
  record Parsed(int layer, LoraTarget target, String module, boolean isA, String adapterName) {}

  static String name(int layer, LoraTarget target, boolean isA) {
    return PREFIX + module(layer, target) + ".lora_" + (isA ? "A" : "B") + ".weight";
  }

  /** The module's name inside the base model, e.g. {@code model.layers.0.self_attn.q_proj}. */
  static String module(int layer, LoraTarget target) {
    return "model.layers." + layer + "." + target.block + "." + target.module;
  }

  /** @param file named in errors */
  static Parsed parse(String name, String file) {
    Matcher m = LORA.matcher(name);
    if (!m.matches()) {
      throw new EngineException(file + ": tensor " + name + " is " + unsupported(name));
    }
    LoraTarget target;
    try {
      target = LoraTarget.byModule(m.group(4));
    } catch (EngineException e) {
      throw new EngineException(file + ": tensor " + name + " adapts an " + e.getMessage());
    }
    if (!target.block.equals(m.group(3))) {
      throw new EngineException(file + ": tensor " + name + " puts " + target.module + " under " + m.group(3)
          + ", expected " + target.block);
    }
    int layer;
    try {
      layer = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      throw new EngineException(file + ": tensor " + name + " has an out-of-range layer number");
    }
    return new Parsed(layer, target, m.group(1), m.group(5).equals("A"), m.group(6));
  }

  /** Says which PEFT feature an unrecognised tensor belongs to, so the error tells the user what to turn off. */
  private static String unsupported(String name) {
    if (name.contains("lora_magnitude_vector")) {
      return "a DoRA magnitude vector; DoRA is not supported";
    }
    if (name.contains(".lora_") && name.endsWith(".bias")) {
      return "a LoRA bias; lora_bias is not supported";
    }
    if (name.endsWith(".bias")) {
      return "a bias; training biases (bias \"all\" or \"lora_only\") is not supported";
    }
    if (name.contains("modules_to_save") || !name.contains(".lora_")) {
      return "a full module weight (modules_to_save); only LoRA A/B factors are supported";
    }
    return "not a LoRA A/B factor of a decoder layer's linear module; not supported";
  }
}
