package dev.selfmoe.ui.view;

import dev.selfmoe.ui.read.SweepResults;
import dev.selfmoe.ui.read.SweepSummary;
import java.util.List;

/**
 * A sweep: every cell's table rows (Tables 2 and 4) and one metric against one of the settings its cells vary (Fig.
 * 5).
 *
 * @param axis the setting on the chart's x axis, null when the cells vary nothing but variants
 * @param chart chart JSON, null without an axis
 */
public record SweepView(SweepSummary sweep, SweepResults results, List<String> metrics, String metric, String axis,
    String chart, PageUrl url, SiteLinks links) {}
