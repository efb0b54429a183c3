package dev.selfmoe.ui.pages;

import dev.selfmoe.ui.BadParameter;
import dev.selfmoe.ui.MissingPage;
import dev.selfmoe.ui.Templates;
import dev.selfmoe.ui.read.EvaluationItems;
import dev.selfmoe.ui.read.ExperimentSummary;
import dev.selfmoe.ui.read.Experiments;
import dev.selfmoe.ui.read.ItemFilter;
import dev.selfmoe.ui.read.ScoreGrid;
import dev.selfmoe.ui.view.ItemsView;
import dev.selfmoe.ui.view.PageUrl;
import dev.selfmoe.ui.view.SiteLinks;
import io.javalin.http.Context;
import java.util.List;
import org.jooq.DSLContext;

/**
 * {@code /experiments/{id}/items?variant=A&benchmark=B[&compare=V][&filter=F][&draw=D][&page=P]}: every item of
 * variant A's evaluation on B, beside variant V's answers when compared, filtered to those that flipped, were gained
 * or lost (against V), or were right or wrong.
 */
public final class ItemsPage {
  private final DSLContext dsl;
  private final Experiments experiments;
  private final SiteLinks links;
  private final Templates templates;

  public ItemsPage(DSLContext dsl, Experiments experiments, SiteLinks links, Templates templates) {
    this.dsl = dsl;
    this.experiments = experiments;
    this.links = links;
    this.templates = templates;
  }

  public void handle(Context ctx) {
    ExperimentSummary experiment = ExperimentPage.find(experiments, ctx.pathParam("id"));
    String id = experiment.id();
    ScoreGrid grid = ScoreGrid.of(dsl, id);
    if (grid.isEmpty()) {
      throw new MissingPage("Experiment \"" + id + "\" has no evaluations yet.");
    }
    String benchmark = ExperimentPage.choice(ctx, "benchmark", grid.benchmarks(), "benchmark");
    List<String> variants = grid.rows().stream().filter(r -> r.score(benchmark) != null).map(ScoreGrid.Row::variant)
        .toList();
    String variant = ExperimentPage.choice(ctx, "variant", variants, "evaluation on " + benchmark + " of variant");
    String compare = Params.text(ctx, "compare");
    if (compare != null && !variants.contains(compare)) {
      throw new MissingPage("This experiment has no evaluation on " + benchmark + " of variant \"" + compare
          + "\" to compare with; it has " + String.join(", ", variants) + ".");
    }
    String filterName = Params.text(ctx, "filter");
    ItemFilter filter = filterName == null ? ItemFilter.ALL : ItemFilter.fromParam(filterName).orElseThrow(() ->
        new BadParameter("filter must be one of " + String.join(", ",
            ItemsView.FILTERS.stream().map(ItemFilter::param).toList()) + ", got \"" + filterName + "\""));
    if (filter.needsComparison() && compare == null) {
      throw new BadParameter("filter=" + filter.param() + " compares two variants: add compare=<variant>");
    }
    EvaluationItems items = new EvaluationItems(dsl);
    List<Integer> draws = items.draws(id, benchmark);
    int draw = Params.nonNegative(ctx, "draw", draws.get(0));
    String evalA = items.evaluationOf(id, variant, benchmark, draw).orElseThrow(() -> new MissingPage(
        "Variant \"" + variant + "\" has no draw " + draw + " on " + benchmark + "; draws: " + draws + "."));
    String evalB = compare == null ? null : items.evaluationOf(id, compare, benchmark, draw).orElseThrow(() ->
        new MissingPage("Variant \"" + compare + "\" has no draw " + draw + " on " + benchmark + "."));
    int matching = items.count(evalA, evalB, filter);
    int pages = Math.max(1, (matching + ItemsView.PAGE_SIZE - 1) / ItemsView.PAGE_SIZE);
    int page = Params.positive(ctx, "page", 1);
    if (page > pages) {
      throw new MissingPage("Page " + page + " is past the last page (" + pages + ") of these items.");
    }
    var shown = items.page(evalA, evalB, filter, (page - 1) * ItemsView.PAGE_SIZE, ItemsView.PAGE_SIZE);
    templates.render(ctx, "items.jte", new ItemsView(experiment, benchmark, variant, compare, variants,
        grid.benchmarks(), filter, draw, draws, shown, items.totals(evalA, evalB), matching, page, pages,
        PageUrl.of(SiteLinks.experiment(id) + "/items", ctx.queryParamMap()), links));
  }
}
