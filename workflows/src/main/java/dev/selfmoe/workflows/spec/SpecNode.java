package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A mapping of the spec being read, with its path, so that every error names the field it is about and unknown
 * fields are refused rather than silently ignored (a typo in {@code lerning_rate} must not run with the default).
 */
final class SpecNode {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  SpecNode(JsonNode node, String path) {
    if (node != null && !node.isNull() && !node.isObject()) {
      throw new SpecException(label(path) + "must be a mapping, got " + node.getNodeType().name().toLowerCase());
    }
    this.node = node;
    this.path = path;
  }

  static String label(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  JsonNode raw(String field) {
    read.add(field);
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String field) {
    return raw(field) != null;
  }

  SpecNode child(String field) {
    return new SpecNode(raw(field), path(field));
  }

  String text(String field, String fallback) {
    JsonNode v = raw(field);
    if (v == null) {
      if (fallback == null) {
        throw new SpecException(path(field) + ": is required");
      }
      return fallback;
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw new SpecException(path(field) + ": must be a non-empty string, got " + v);
    }
    return v.asText().strip();
  }

  int integer(String field, int fallback, int min, int max) {
    JsonNode v = raw(field);
    if (v == null) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new SpecException(path(field) + ": must be a whole number, got " + v);
    }
    return checkRange(field, v.asInt(), min, max);
  }

  long longValue(String field, long fallback) {
    JsonNode v = raw(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber()) {
      throw new SpecException(path(field) + ": must be a whole number, got " + v);
    }
    return v.asLong();
  }

  double number(String field, double fallback, double min, double max) {
    JsonNode v = raw(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new SpecException(path(field) + ": must be a number, got " + v);
    }
    double d = v.asDouble();
    if (!(d >= min && d <= max)) {
      throw new SpecException(path(field) + ": must be between " + min + " and " + max + ", got " + d);
    }
    return d;
  }

  boolean bool(String field, boolean fallback) {
    JsonNode v = raw(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new SpecException(path(field) + ": must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  List<String> strings(String field, List<String> fallback) {
    return list(field, fallback, (item, p) -> {
      if (!item.isValueNode() || item.asText().isBlank()) {
        throw new SpecException(p + ": must be a non-empty string, got " + item);
      }
      return item.asText().strip();
    });
  }

  interface ItemReader<T> {
    T read(JsonNode item, String path);
  }

  <T> List<T> list(String field, List<T> fallback, ItemReader<T> reader) {
    JsonNode v = raw(field);
    if (v == null) {
      if (fallback == null) {
        throw new SpecException(path(field) + ": is required");
      }
      return fallback;
    }
    if (!v.isArray()) {
      throw new SpecException(path(field) + ": must be a list, got " + v.getNodeType().name().toLowerCase());
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(reader.read(v.get(i), path(field) + "[" + i + "]"));
    }
    return out;
  }

  <T> T object(String field, Function<SpecNode, T> reader) {
    SpecNode c = child(field);
    T t = reader.apply(c);
    c.refuseUnknown();
    return t;
  }

  /** Call after reading every known field. */
  void refuseUnknown() {
    if (node == null) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!read.contains(f)) {
        throw new SpecException(path(f) + ": unknown field");
      }
    }
  }

  private int checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new SpecException(path(field) + ": must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }
}
