package dev.selfmoe.workflows.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Everything that determines an artifact, as canonical JSON (sorted keys), and its sha256: the recipe key. Two
 * experiments that need the same expert compute the same key, so the expert is made once and found by its key.
 * {@link #VERSION} is part of every recipe: bump it when the engine's output for the same inputs changes.
 */
public record Recipe(String kind, String json, String key) {
  public static final int VERSION = 1;

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  public static Recipe of(String kind, Map<String, Object> inputs) {
    try {
      String json = CANONICAL.writeValueAsString(Map.of("kind", kind, "version", VERSION, "inputs", inputs));
      return new Recipe(kind, json, sha256(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("recipe for " + kind + " is not serialisable: " + e.getMessage(), e);
    }
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  /** The first 12 hex digits: enough to name directories and workflow ids. */
  public String shortKey() {
    return key.substring(0, 12);
  }
}
