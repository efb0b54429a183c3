package dev.selfmoe.ui.pages;

import dev.selfmoe.ui.Templates;
import dev.selfmoe.ui.read.ExperimentSummary;
import dev.selfmoe.ui.read.Experiments;
import dev.selfmoe.ui.read.SweepSummary;
import dev.selfmoe.ui.view.ExperimentListView;
import dev.selfmoe.ui.view.PageUrl;
import dev.selfmoe.ui.view.SiteLinks;
import io.javalin.http.Context;
import java.time.Instant;

/** {@code /}: every experiment and sweep, filtered by {@code status} and {@code q}. */
public final class ExperimentListPage {
  private final Experiments experiments;
  private final SiteLinks links;
  private final Templates templates;

  public ExperimentListPage(Experiments experiments, SiteLinks links, Templates templates) {
    this.experiments = experiments;
    this.links = links;
    this.templates = templates;
  }

  public void handle(Context ctx) {
    String status = Params.oneOf(ctx, "status", ExperimentListView.STATUSES, null);
    String text = Params.text(ctx, "q");
    var list = experiments.list(status, text);
    var sweeps = experiments.sweeps();
    boolean live = list.stream().anyMatch(ExperimentSummary::running) || sweeps.stream().anyMatch(SweepSummary::live);
    templates.render(ctx, "experiments.jte", new ExperimentListView(list, sweeps, status, text, live, Instant.now(),
        PageUrl.of("/", ctx.queryParamMap()), links));
  }
}
