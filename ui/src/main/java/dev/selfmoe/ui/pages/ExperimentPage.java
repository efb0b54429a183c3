package dev.selfmoe.ui.pages;

import dev.selfmoe.ui.MissingPage;
import dev.selfmoe.ui.Templates;
import dev.selfmoe.ui.read.ExperimentSummary;
import dev.selfmoe.ui.read.Experiments;
import dev.selfmoe.ui.read.LossCurves;
import dev.selfmoe.ui.read.PaperOrder;
import dev.selfmoe.ui.read.RoutingMaps;
import dev.selfmoe.ui.read.ScoreGrid;
import dev.selfmoe.ui.read.SyntheticDataCounts;
import dev.selfmoe.ui.read.VariantSettings;
import dev.selfmoe.ui.view.Charts;
import dev.selfmoe.ui.view.ExperimentView;
import dev.selfmoe.ui.view.PageUrl;
import dev.selfmoe.ui.view.SiteLinks;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.jooq.DSLContext;

/**
 * {@code /experiments/{id}}: its state is in the query string: {@code settings=all} shows every setting (default:
 * only those that differ), {@code routing} picks the routed variant and {@code layers} the benchmark of the per-layer
 * heatmap.
 */
public final class ExperimentPage {
  private final DSLContext dsl;
  private final Experiments experiments;
  private final SiteLinks links;
  private final Templates templates;

  public ExperimentPage(DSLContext dsl, Experiments experiments, SiteLinks links, Templates templates) {
    this.dsl = dsl;
    this.experiments = experiments;
    this.links = links;
    this.templates = templates;
  }

  public void handle(Context ctx) {
    ExperimentSummary experiment = find(experiments, ctx.pathParam("id"));
    String id = experiment.id();
    ScoreGrid grid = ScoreGrid.of(dsl, id);
    VariantSettings settings = VariantSettings.of(dsl, id);
    boolean onlyDifferences = !"all".equals(Params.oneOf(ctx, "settings", List.of("all", "differences"), null));
    List<String> keys = onlyDifferences ? settings.differingKeys() : settings.keys();
    LossCurves curves = LossCurves.of(dsl, id);

    RoutingMaps routing = new RoutingMaps(dsl);
    List<String> routed = routing.routedVariants(id);
    String routingVariant = choice(ctx, "routing", routed, "routed variant");
    String routingChart = null;
    List<String> routingBenchmarks = List.of();
    String layerBenchmark = null;
    String layerChart = null;
    if (routingVariant != null) {
      var cells = routing.byBenchmark(id, routingVariant);
      routingBenchmarks = cells.stream().map(RoutingMaps.Cell::row).distinct().sorted(PaperOrder.BENCHMARK).toList();
      routingChart = Charts.routingHeatmap(cells, routingBenchmarks, "benchmark");
      layerBenchmark = choice(ctx, "layers", routingBenchmarks, "benchmark of " + routingVariant);
      if (layerBenchmark != null) {
        var layers = routing.byLayer(id, routingVariant, layerBenchmark);
        int count = layers.stream().mapToInt(c -> Integer.parseInt(c.row())).max().orElse(-1) + 1;
        layerChart = Charts.routingHeatmap(layers, IntStream.range(0, count).mapToObj(Integer::toString).toList(),
            "layer");
      }
    }
    SyntheticDataCounts synthetic = SyntheticDataCounts.of(dsl, id);
    templates.render(ctx, "experiment.jte", new ExperimentView(experiment, grid, settings, onlyDifferences, keys,
        curves, curves.isEmpty() ? null : Charts.lossCurves(curves), routed, routingVariant, routingChart,
        routingBenchmarks, layerBenchmark, layerChart, synthetic,
        synthetic.isEmpty() ? null : Charts.syntheticData(synthetic), Instant.now(),
        PageUrl.of(SiteLinks.experiment(id), ctx.queryParamMap()), links));
  }

  static ExperimentSummary find(Experiments experiments, String id) {
    return experiments.find(id).orElseThrow(() -> new MissingPage("There is no experiment with id \"" + id + "\"."));
  }

  /** The named value when it is one of {@code options}, else the first option (null when there are none). */
  static String choice(Context ctx, String name, List<String> options, String what) {
    String v = Params.text(ctx, name);
    if (v == null) {
      return options.isEmpty() ? null : options.get(0);
    }
    if (!options.contains(v)) {
      throw new MissingPage("This experiment has no " + what + " \"" + v + "\""
          + (options.isEmpty() ? "." : "; it has " + String.join(", ", options) + "."));
    }
    return v;
  }
}
