package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid of experiments over one base spec. {@code sweep.grids} names the paper's ablations (table2: routing variants,
 * table4: experts added K, K+R, K+R+M, K+R+M+C, figure5: synthetic-data sizes, table8: seed-only vs MiXSE); {@code
 * sweep.axes} are free axes {@code {field: dotted.path, values: [...]}} whose product is taken. Cells that come out
 * identical are run once, under all their labels.
 */
public record SweepSpec(String name, List<SweepCell> cells) {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static SweepSpec read(ObjectNode root) {
    ObjectNode base = root.deepCopy();
    JsonNode sweep = base.remove("sweep");
    SpecNode s = new SpecNode(sweep, "sweep");
    ExperimentSpec baseSpec = ExperimentSpec.read(new SpecNode(base, ""));
    List<Map<String, JsonNode>> overrides = new ArrayList<>();
    for (String grid : s.strings("grids", List.of())) {
      overrides.addAll(PaperGrids.cells(grid, baseSpec, s.path("grids")));
    }
    List<Map<String, JsonNode>> product = List.of(new LinkedHashMap<>());
    for (JsonNode axis : s.list("axes", List.<JsonNode>of(), (item, p) -> item)) {
      product = Axes.multiply(product, axis, s.path("axes"));
    }
    if (product.size() > 1 || !product.get(0).isEmpty()) {
      overrides.addAll(product);
    }
    s.refuseUnknown();
    if (overrides.isEmpty()) {
      throw new SpecException("sweep: names no grids and no axes");
    }
    Map<String, SweepCell> cells = new LinkedHashMap<>();
    for (Map<String, JsonNode> cell : overrides) {
      String label = label(cell);
      ObjectNode doc = base.deepCopy();
      cell.forEach((path, value) -> set(doc, path, value));
      doc.put("name", baseSpec.name() + "-" + slug(label));
      ExperimentSpec spec;
      try {
        spec = ExperimentSpec.read(new SpecNode(doc, ""));
      } catch (SpecException e) {
        throw new SpecException("sweep cell " + label + ": " + e.getMessage());
      }
      // Grids overlap (Table 2's top-1 cell is Table 4's last): one experiment per distinct spec, labelled by all.
      String hash = spec.hash();
      SweepCell same = cells.get(hash);
      cells.put(hash, same == null ? new SweepCell(label, spec)
          : List.of(same.label().split(" \\| ")).contains(label) ? same : new SweepCell(same.label() + " | " + label, same.spec()));
    }
    return new SweepSpec(baseSpec.name(), List.copyOf(cells.values()));
  }

  static String label(Map<String, JsonNode> cell) {
    List<String> parts = new ArrayList<>();
    cell.forEach((path, value) -> parts.add(path + "=" + render(value)));
    return String.join(",", parts);
  }

  private static String render(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(i.asText()));
      return String.join("+", items);
    }
    return v.asText();
  }

  private static String slug(String label) {
    String s = label.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+", "-");
    return s.length() > 60 ? s.substring(0, 60) : s;
  }

  static void set(ObjectNode doc, String dottedPath, JsonNode value) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode at = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = at.get(parts[i]);
      if (next == null || !next.isObject()) {
        next = at.putObject(parts[i]);
      }
      at = (ObjectNode) next;
    }
    at.set(parts[parts.length - 1], value.deepCopy());
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode a = JSON.arrayNode();
    values.forEach(a::add);
    return a;
  }
}
