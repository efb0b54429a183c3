package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Free sweep axes: each {@code {field, values}} multiplies the cells so far by its values. */
final class Axes {
  private Axes() {}

  static List<Map<String, JsonNode>> multiply(List<Map<String, JsonNode>> cells, JsonNode axis, String path) {
    SpecNode a = new SpecNode(axis, path);
    String field = a.text("field", null);
    if (!field.matches("[a-z_]+(\\.[a-z_]+)*") || field.equals("name")) {
      throw new SpecException(a.path("field") + ": must be a dotted spec field such as synthetic.samples, got "
          + field);
    }
    List<JsonNode> values = a.list("values", null, (item, p) -> item);
    if (values.isEmpty()) {
      throw new SpecException(a.path("values") + ": must list at least one value");
    }
    a.refuseUnknown();
    List<Map<String, JsonNode>> out = new ArrayList<>();
    for (Map<String, JsonNode> cell : cells) {
      for (JsonNode v : values) {
        Map<String, JsonNode> next = new LinkedHashMap<>(cell);
        next.put(field, v);
        out.add(next);
      }
    }
    return out;
  }
}
