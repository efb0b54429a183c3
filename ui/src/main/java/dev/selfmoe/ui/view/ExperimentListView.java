package dev.selfmoe.ui.view;

import dev.selfmoe.ui.read.ExperimentSummary;
import dev.selfmoe.ui.read.SweepSummary;
import java.time.Instant;
import java.util.List;

/**
 * The front page: every experiment and sweep, newest first, filtered by status and text.
 *
 * @param live whether something is running, so the page keeps refreshing itself
 */
public record ExperimentListView(List<ExperimentSummary> experiments, List<SweepSummary> sweeps, String status,
    String text, boolean live, Instant now, PageUrl url, SiteLinks links) {
  public static final List<String> STATUSES = List.of("running", "completed", "failed", "cancelled");
}
