package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The paper's ablation grids as sweep cells over a base spec (METHOD.md §5). */
final class PaperGrids {
  private PaperGrids() {}

  static List<Map<String, JsonNode>> cells(String grid, ExperimentSpec base, String path) {
    List<Map<String, JsonNode>> cells = new ArrayList<>();
    switch (grid) {
      case "table2" -> {
        for (String v : List.of("mixse-top1", "mixse-top2", "mixse-all", "random-routing", "joint-training",
            "layerwise-router")) {
          if (v.equals("mixse-top2") && base.domains().size() < 2) {
            continue;
          }
          cells.add(cell("variants", SweepSpec.strings(List.of(v))));
        }
      }
      case "table4" -> {
        for (int n = 1; n <= base.domains().size(); n++) {
          cells.add(cell("domains", SweepSpec.strings(base.domains().subList(0, n)),
              "variants", SweepSpec.strings(List.of(n == 1 ? "expert:" + base.domains().get(0) : "mixse-top1"))));
        }
      }
      case "figure5" -> {
        int full = base.synthetic().samples();
        for (int size : new int[] {Math.max(1, full / 4), Math.max(1, full / 2), full}) {
          cells.add(cell("synthetic.samples", IntNode.valueOf(size),
              "variants", SweepSpec.strings(List.of("mixse-top1"))));
        }
      }
      case "table8" -> {
        cells.add(cell("variants", SweepSpec.strings(List.of("seed-only"))));
        cells.add(cell("variants", SweepSpec.strings(List.of("mixse-top1"))));
      }
      default -> throw new SpecException(path + ": unknown grid " + grid + " (table2, table4, figure5, table8)");
    }
    return cells;
  }

  private static Map<String, JsonNode> cell(Object... pathsAndValues) {
    Map<String, JsonNode> cell = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      cell.put((String) pathsAndValues[i], (JsonNode) pathsAndValues[i + 1]);
    }
    return cell;
  }
}
