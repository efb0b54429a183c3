package dev.selfmoe.ui.pages;

import dev.selfmoe.ui.MissingPage;
import dev.selfmoe.ui.Templates;
import dev.selfmoe.ui.read.Experiments;
import dev.selfmoe.ui.read.ScoreGrid;
import dev.selfmoe.ui.read.SweepResults;
import dev.selfmoe.ui.read.SweepSummary;
import dev.selfmoe.ui.view.Charts;
import dev.selfmoe.ui.view.PageUrl;
import dev.selfmoe.ui.view.SiteLinks;
import dev.selfmoe.ui.view.SweepView;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/** {@code /sweeps/{id}[?axis=A][&metric=M]}: every cell's rows, and metric M (default: the average) against A. */
public final class SweepPage {
  private final DSLContext dsl;
  private final Experiments experiments;
  private final SiteLinks links;
  private final Templates templates;

  public SweepPage(DSLContext dsl, Experiments experiments, SiteLinks links, Templates templates) {
    this.dsl = dsl;
    this.experiments = experiments;
    this.links = links;
    this.templates = templates;
  }

  public void handle(Context ctx) {
    String id = ctx.pathParam("id");
    SweepSummary sweep = experiments.findSweep(id)
        .orElseThrow(() -> new MissingPage("There is no sweep with id \"" + id + "\"."));
    SweepResults results = SweepResults.of(dsl, id);
    List<String> metrics = new ArrayList<>(results.benchmarks());
    metrics.add(ScoreGrid.AVERAGE);
    String metric = Params.oneOf(ctx, "metric", metrics, ScoreGrid.AVERAGE);
    String axis = ExperimentPage.choice(ctx, "axis", results.axes(), "setting varied by this sweep named");
    String chart = axis == null ? null
        : Charts.sweepLines(results.series(axis, metric), axis, results.isNumericAxis(axis), metric);
    templates.render(ctx, "sweep.jte", new SweepView(sweep, results, metrics, metric, axis, chart,
        PageUrl.of(SiteLinks.sweep(id), ctx.queryParamMap()), links));
  }
}
