package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.ARTIFACT_RECIPE;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_VARIANT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Each variant's settings as flat {@code path = value} pairs: its kind and top-k, then the recipe of what it runs on
 * the base model, with the recipes that one names as inputs (its experts, its training data) expanded beneath it.
 *
 * @param variants in paper order
 * @param keys every setting any variant has, in first-seen order
 */
public record VariantSettings(List<String> variants, List<String> keys, Map<String, Map<String, String>> values) {
  /** Inputs of inputs are named by key only: the table stays readable and the key still tells them apart. */
  private static final int EXPANDED_LEVELS = 2;
  private static final Pattern RECIPE_KEY = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The value of a setting for a variant, or null where it has none. */
  public String value(String key, String variant) {
    return values.get(variant).get(key);
  }

  /**
   * True when two variants that have the setting give it different values; a variant without it (the base model has
   * no LoRA rank) does not make it differ.
   */
  public boolean differs(String key) {
    return values.values().stream().map(v -> v.get(key)).filter(Objects::nonNull).distinct().count() > 1;
  }

  public List<String> differingKeys() {
    return keys.stream().filter(this::differs).toList();
  }

  public boolean isEmpty() {
    return variants.isEmpty();
  }

  public static VariantSettings of(DSLContext dsl, String experimentId) {
    Map<String, Map<String, String>> byVariant = new TreeMap<>(PaperOrder.VARIANT);
    Map<String, String> recipes = new HashMap<>();
    var rows = dsl.selectFrom(EXPERIMENT_VARIANT).where(EXPERIMENT_VARIANT.EXPERIMENT_ID.eq(experimentId)).fetch();
    Set<String> wanted = new LinkedHashSet<>();
    rows.forEach(r -> {
      if (r.getRecipeKey() != null) {
        wanted.add(r.getRecipeKey());
      }
    });
    for (int level = 0; level <= EXPANDED_LEVELS && !wanted.isEmpty(); level++) {
      Map<String, String> found = recipes(dsl, wanted);
      recipes.putAll(found);
      wanted.clear();
      found.values().forEach(json -> wanted.addAll(referencedKeys(parse(json))));
      wanted.removeAll(recipes.keySet());
    }
    for (var r : rows) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("kind", r.getKind());
      settings.put("top_k", Integer.toString(r.getTopK()));
      if (r.getRecipeKey() != null) {
        settings.put("recipe", r.getRecipeKey());
        flattenRecipe(recipes, r.getRecipeKey(), "", 0, settings);
      }
      byVariant.put(r.getVariant(), settings);
    }
    Set<String> keys = new LinkedHashSet<>();
    byVariant.values().forEach(s -> keys.addAll(s.keySet()));
    return new VariantSettings(List.copyOf(byVariant.keySet()), List.copyOf(keys), byVariant);
  }

  private static void flattenRecipe(Map<String, String> recipes, String key, String prefix, int level,
      Map<String, String> into) {
    String json = recipes.get(key);
    if (json == null) {
      return;
    }
    JsonNode recipe = parse(json);
    if (level > 0) {
      into.put(prefix + "kind", recipe.path("kind").asText());
    }
    flatten(recipes, recipe.path("inputs"), prefix, level, into);
  }

  private static void flatten(Map<String, String> recipes, JsonNode node, String path, int level,
      Map<String, String> into) {
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(recipes, e.getValue(), path + e.getKey() + ".", level, into));
    } else if (node.isArray()) {
      String name = path.substring(0, path.length() - 1);
      if (node.isEmpty()) {
        into.put(name, "[]");
      }
      for (int i = 0; i < node.size(); i++) {
        flatten(recipes, node.get(i), name + "[" + i + "].", level, into);
      }
    } else {
      String name = path.isEmpty() ? "value" : path.substring(0, path.length() - 1);
      String text = node.isNull() ? "null" : node.asText();
      into.put(name, text);
      if (RECIPE_KEY.matcher(text).matches() && level < EXPANDED_LEVELS) {
        flattenRecipe(recipes, text, name + ".", level + 1, into);
      }
    }
  }

  private static Collection<String> referencedKeys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    if (node.isContainerNode()) {
      node.forEach(child -> keys.addAll(referencedKeys(child)));
    } else if (node.isTextual() && RECIPE_KEY.matcher(node.asText()).matches()) {
      keys.add(node.asText());
    }
    return keys;
  }

  private static Map<String, String> recipes(DSLContext dsl, Set<String> keys) {
    Map<String, String> found = new HashMap<>();
    dsl.select(ARTIFACT_RECIPE.RECIPE_KEY, ARTIFACT_RECIPE.RECIPE)
        .from(ARTIFACT_RECIPE)
        .where(ARTIFACT_RECIPE.RECIPE_KEY.in(keys))
        .forEach(r -> found.put(r.value1(), Objects.requireNonNull(r.value2()).data()));
    return found;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("artifact_recipe holds a recipe that is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
