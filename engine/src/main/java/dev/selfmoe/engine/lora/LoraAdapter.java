package dev.selfmoe.engine.lora;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A LoRA adapter's weights, held on the Java heap so they can be saved, merged and moved between processes; the
 * forward pass turns them into tensors when the adapter is attached to a model.
 *
 * @param baseModel what the adapter was trained on (a path or hub id), recorded as PEFT's base_model_name_or_path
 */
public record LoraAdapter(LoraConfig config, String baseModel, Map<LoraKey, LoraFactors> factors) {
  public LoraAdapter {
    factors = Collections.unmodifiableMap(new TreeMap<>(factors));
  }

  public LoraFactors get(int layer, LoraTarget target) {
    return factors.get(new LoraKey(layer, target));
  }
}
