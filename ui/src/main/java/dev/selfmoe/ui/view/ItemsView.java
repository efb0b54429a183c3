package dev.selfmoe.ui.view;

import dev.selfmoe.ui.read.EvaluationItems;
import dev.selfmoe.ui.read.ExperimentSummary;
import dev.selfmoe.ui.read.ItemFilter;
import java.util.List;

/**
 * One evaluation's items (variant A on a benchmark), optionally beside variant B's answers to the same items.
 *
 * @param compare variant B, or null
 * @param matching how many items pass the filter
 * @param page 1-based
 */
public record ItemsView(ExperimentSummary experiment, String benchmark, String variant, String compare,
    List<String> variants, List<String> benchmarks, ItemFilter filter, int draw, List<Integer> draws,
    List<EvaluationItems.Pair> items, EvaluationItems.Totals totals, int matching, int page, int pages,
    PageUrl url, SiteLinks links) {
  public static final int PAGE_SIZE = 50;
  public static final List<ItemFilter> FILTERS = List.of(ItemFilter.values());
}
