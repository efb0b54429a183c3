package dev.selfmoe.engine.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * adapter_config.json as PEFT's LoraConfig writes it. Saving writes every key a plain LoRA gets from current PEFT, so
 * the file reads like one PEFT made; loading reads the keys that shape the weights and refuses the features whose
 * effect the engine cannot reproduce, rather than silently computing a different update.
 */
final class PeftConfigJson {
  /** Keys whose non-default value changes what the factors mean; the message says which feature it is. */
  private static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();

  static {
    UNSUPPORTED.put("use_dora", "DoRA (use_dora)");
    UNSUPPORTED.put("use_rslora", "rank-stabilised scaling (use_rslora)");
    UNSUPPORTED.put("modules_to_save", "fully trained modules (modules_to_save)");
    UNSUPPORTED.put("lora_bias", "LoRA biases (lora_bias)");
    UNSUPPORTED.put("rank_pattern", "per-module ranks (rank_pattern)");
    UNSUPPORTED.put("alpha_pattern", "per-module alphas (alpha_pattern)");
    UNSUPPORTED.put("layer_replication", "layer replication (layer_replication)");
    UNSUPPORTED.put("trainable_token_indices", "trainable tokens (trainable_token_indices)");
    UNSUPPORTED.put("target_parameters", "parameter targets (target_parameters)");
    UNSUPPORTED.put("alora_invocation_tokens", "activated LoRA (alora_invocation_tokens)");
    UNSUPPORTED.put("use_qalora", "QALoRA (use_qalora)");
    UNSUPPORTED.put("use_bdlora", "block-diagonal LoRA (use_bdlora)");
  }

  private PeftConfigJson() {}

  /**
   * What loading learns from the config. Exactly one of {@code listed} (target_modules as a list) and {@code regex}
   * (as a string, which PEFT full-matches against module names) is non-null.
   */
  record Parsed(int rank, double alpha, double dropout, String baseModel, Set<LoraTarget> listed, Pattern regex,
      Set<Integer> layers) {}

  /**
   * @param layers the layers holding factors, written as layers_to_transform so PEFT builds LoRA modules only where
   *     the file has weights (otherwise it adds zero-initialised ones elsewhere and warns of missing keys)
   */
  static ObjectNode toJson(LoraConfig config, String baseModel, Set<Integer> layers) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    // PEFT writes with sorted keys; the same order keeps diffs against its files small. peft_version is left out:
    // PEFT fills in its own when it reads the file, and a made-up version would mislead
    Map<String, JsonNode> keys = new TreeMap<>();
    for (String sub : new String[] {"alora_invocation_tokens", "arrow_config", "kasa_config", "lora_ga_config",
        "monteclora_config", "use_bdlora", "velora_config"}) {
      keys.put(sub, f.nullNode());
    }
    keys.put("alpha_pattern", f.objectNode());
    keys.put("auto_mapping", f.nullNode());
    keys.put("base_model_name_or_path", baseModel == null ? f.nullNode() : f.textNode(baseModel));
    keys.put("bias", f.textNode("none"));
    keys.put("corda_config", f.nullNode());
    keys.put("ensure_weight_tying", f.booleanNode(false));
    keys.put("eva_config", f.nullNode());
    keys.put("exclude_modules", f.nullNode());
    keys.put("fan_in_fan_out", f.booleanNode(false));
    keys.put("inference_mode", f.booleanNode(true));
    keys.put("init_lora_weights", f.booleanNode(true));
    keys.put("layer_replication", f.nullNode());
    keys.put("layers_pattern", f.nullNode());
    var layerList = f.arrayNode();
    new TreeSet<>(layers).forEach(layerList::add);
    keys.put("layers_to_transform", layerList);
    keys.put("loftq_config", f.objectNode());
    double alpha = config.alpha();
    keys.put("lora_alpha", alpha == Math.rint(alpha) && Math.abs(alpha) < 1e15
        ? f.numberNode((long) alpha) : f.numberNode(alpha));
    keys.put("lora_bias", f.booleanNode(false));
    keys.put("lora_dropout", f.numberNode(config.dropout()));
    keys.put("megatron_config", f.nullNode());
    keys.put("megatron_core", f.textNode("megatron.core"));
    keys.put("modules_to_save", f.nullNode());
    keys.put("peft_type", f.textNode("LORA"));
    keys.put("qalora_group_size", f.numberNode(16));
    keys.put("r", f.numberNode(config.rank()));
    keys.put("rank_pattern", f.objectNode());
    keys.put("revision", f.nullNode());
    var targets = f.arrayNode();
    EnumSet.copyOf(config.targets()).forEach(t -> targets.add(t.module));
    keys.put("target_modules", targets);
    keys.put("target_parameters", f.nullNode());
    keys.put("task_type", f.textNode("CAUSAL_LM"));
    keys.put("trainable_token_indices", f.nullNode());
    keys.put("use_dora", f.booleanNode(false));
    keys.put("use_qalora", f.booleanNode(false));
    keys.put("use_rslora", f.booleanNode(false));
    ObjectNode root = f.objectNode();
    root.setAll(keys);
    return root;
  }

  /** @param file named in errors */
  static Parsed parse(JsonNode root, String file) {
    if (root == null || !root.isObject()) {
      throw new EngineException(file + ": not a JSON object");
    }
    String type = root.path("peft_type").asText("");
    if (!type.equals("LORA")) {
      throw new EngineException(file + ": peft_type is '" + type + "', only LORA adapters are supported");
    }
    String bias = root.path("bias").asText("none");
    if (!bias.equals("none")) {
      throw new EngineException(file + ": bias \"" + bias + "\" is not supported (only \"none\")");
    }
    UNSUPPORTED.forEach((key, feature) -> {
      if (isSet(root.get(key))) {
        throw new EngineException(file + ": " + feature + " is not supported");
      }
    });
    JsonNode r = root.get("r");
    if (r == null || !r.canConvertToExactIntegral() || r.asInt() <= 0) {
      throw new EngineException(file + ": r must be a positive integer, got " + r);
    }
    JsonNode alpha = root.get("lora_alpha");
    if (alpha == null || !alpha.isNumber()) {
      throw new EngineException(file + ": lora_alpha must be a number, got " + alpha);
    }
    JsonNode dropout = root.path("lora_dropout");
    double drop = dropout.isNumber() ? dropout.asDouble() : 0;
    try {
      new LoraConfig(r.asInt(), alpha.asDouble(), drop, LoraTarget.allLinear()); // for its range checks
    } catch (EngineException e) {
      throw new EngineException(file + ": " + e.getMessage());
    }
    JsonNode base = root.get("base_model_name_or_path");
    String baseModel = base == null || base.isNull() ? null : base.asText();
    Set<Integer> layers = layers(root.get("layers_to_transform"), file);
    JsonNode targets = root.get("target_modules");
    if (targets != null && targets.isTextual()) {
      String s = targets.asText();
      if (s.equals("all-linear")) {
        return new Parsed(r.asInt(), alpha.asDouble(), drop, baseModel, LoraTarget.allLinear(), null, layers);
      }
      try {
        return new Parsed(r.asInt(), alpha.asDouble(), drop, baseModel, null, Pattern.compile(s), layers);
      } catch (PatternSyntaxException e) {
        throw new EngineException(file + ": target_modules regex '" + s + "' is not valid here ("
            + e.getDescription() + ")");
      }
    }
    if (targets == null || !targets.isArray() || targets.isEmpty()) {
      throw new EngineException(file + ": target_modules must be a non-empty list or a regex string, got "
          + targets);
    }
    Set<LoraTarget> listed = EnumSet.noneOf(LoraTarget.class);
    for (JsonNode t : targets) {
      listed.addAll(target(t.asText(), file));
    }
    return new Parsed(r.asInt(), alpha.asDouble(), drop, baseModel, listed, null, layers);
  }

  /** layers_to_transform is null (every layer), one index, or a list. */
  private static Set<Integer> layers(JsonNode v, String file) {
    if (v == null || v.isNull()) {
      return null;
    }
    Set<Integer> out = new TreeSet<>();
    for (JsonNode n : v.isArray() ? v : List.of(v)) {
      if (!n.canConvertToExactIntegral() || n.asInt() < 0) {
        throw new EngineException(file + ": layers_to_transform must hold layer indices, got " + v);
      }
      out.add(n.asInt());
    }
    return out;
  }

  /** PEFT matches a list entry as a suffix of the module path, so "self_attn.q_proj" names q_proj too. */
  private static Set<LoraTarget> target(String entry, String file) {
    if (entry.equals("all-linear")) {
      return LoraTarget.allLinear();
    }
    String last = entry.substring(entry.lastIndexOf('.') + 1);
    try {
      LoraTarget t = LoraTarget.byModule(last);
      String qualified = t.block + "." + t.module;
      if (!entry.equals(last) && !entry.equals(qualified) && !entry.endsWith("." + qualified)) {
        throw new EngineException("unknown LoRA target module '" + entry + "'");
      }
      return EnumSet.of(t);
    } catch (EngineException e) {
      throw new EngineException(file + ": target_modules has an " + e.getMessage());
    }
  }

  /** PEFT's defaults for the unsupported keys are all "empty": null, false, {}, [] or "". */
  private static boolean isSet(JsonNode v) {
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual()) {
      return !v.asText().isEmpty();
    }
    if (v.isContainerNode()) {
      return !v.isEmpty();
    }
    return true;
  }
}
