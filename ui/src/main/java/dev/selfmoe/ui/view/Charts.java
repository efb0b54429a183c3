package dev.selfmoe.ui.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.ui.read.LossCurves;
import dev.selfmoe.ui.read.RoutingMaps;
import dev.selfmoe.ui.read.SweepResults;
import dev.selfmoe.ui.read.SyntheticDataCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chart descriptions as JSON for the page's script (static/selfmoe.js), which draws them with ECharts. Each names its
 * {@code kind}: lines, heatmap, bars or bands.
 */
public final class Charts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Charts() {}

  public static String lossCurves(LossCurves curves) {
    ObjectNode chart = chart("lines", "step", "loss");
    ArrayNode series = chart.putArray("series");
    curves.curves().forEach((role, points) -> {
      ObjectNode s = series.addObject().put("name", role);
      ArrayNode data = s.putArray("data");
      points.forEach(p -> data.addArray().add(p.step()).add(p.loss()));
    });
    return write(chart);
  }

  /** Rows (benchmarks or layers) against experts, coloured by mean routing weight; top-1 share in the tooltip. */
  public static String routingHeatmap(List<RoutingMaps.Cell> cells, List<String> rowOrder, String rowName) {
    ObjectNode chart = chart("heatmap", "expert", rowName);
    List<String> experts = new ArrayList<>();
    cells.stream().sorted(Comparator.comparingInt(RoutingMaps.Cell::expertIndex))
        .map(RoutingMaps.Cell::expert).distinct().forEach(experts::add);
    chart.putPOJO("columns", experts);
    chart.putPOJO("rows", rowOrder);
    chart.put("value", "mean routing weight");
    ArrayNode data = chart.putArray("data");
    for (RoutingMaps.Cell c : cells) {
      int row = rowOrder.indexOf(c.row());
      if (row >= 0) {
        data.addArray().add(experts.indexOf(c.expert())).add(row).add(c.meanWeight()).add(c.top1Share());
      }
    }
    return write(chart);
  }

  public static String syntheticData(SyntheticDataCounts counts) {
    ObjectNode chart = chart("bars", "domain", "samples");
    chart.putPOJO("categories", counts.domains());
    ArrayNode series = chart.putArray("series");
    for (String outcome : counts.outcomes()) {
      ObjectNode s = series.addObject().put("name", outcome);
      ArrayNode data = s.putArray("data");
      counts.domains().forEach(d -> data.add(counts.count(d, outcome)));
    }
    return write(chart);
  }

  /**
   * Scores in percent against the axis, one line per variant, with the 95% interval as a band where known. The axis
   * values are categories, in numeric order when they are numbers: a sweep tries a few settings, not a continuum.
   */
  public static String sweepLines(List<SweepResults.Series> lines, String axis, boolean numeric, String metric) {
    ObjectNode chart = chart("bands", axis, metric + " (%)");
    Set<String> categories = new TreeSet<>(numeric
        ? Comparator.comparingDouble(Double::parseDouble) : Comparator.<String>naturalOrder());
    lines.forEach(line -> line.points().forEach(p -> categories.add(p.x())));
    chart.putPOJO("categories", categories);
    ArrayNode series = chart.putArray("series");
    for (SweepResults.Series line : lines) {
      ObjectNode s = series.addObject().put("name", line.variant());
      ArrayNode data = s.putArray("data");
      for (SweepResults.Point p : line.points()) {
        ArrayNode point = data.addArray().add(p.x()).add(p.y() * 100);
        if (p.low() != null && p.high() != null) {
          point.add(p.low() * 100).add(p.high() * 100);
        }
      }
    }
    return write(chart);
  }

  private static ObjectNode chart(String kind, String x, String y) {
    return JSON.createObjectNode().put("kind", kind).put("x", x).put("y", y);
  }

  private static String write(ObjectNode chart) {
    try {
      return JSON.writeValueAsString(chart);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a chart that cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
