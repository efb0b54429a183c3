package dev.selfmoe.ui.view;

import dev.selfmoe.ui.read.ExperimentSummary;
import dev.selfmoe.ui.read.LossCurves;
import dev.selfmoe.ui.read.ScoreGrid;
import dev.selfmoe.ui.read.SyntheticDataCounts;
import dev.selfmoe.ui.read.VariantSettings;
import java.time.Instant;
import java.util.List;

/**
 * One experiment: Table 1, the variants' settings side by side, loss curves, routing heatmaps and the synthetic data's
 * fate. Chart fields hold chart JSON (see {@link Charts}), null where there is nothing to draw.
 *
 * @param settingKeys the settings shown: all of them, or only those that differ between variants
 * @param routingVariant the routed variant whose heatmaps are shown, null when no variant was routed
 * @param layerBenchmark the benchmark of the per-layer heatmap
 */
public record ExperimentView(ExperimentSummary experiment, ScoreGrid grid, VariantSettings settings,
    boolean onlyDifferences, List<String> settingKeys, LossCurves curves, String lossChart,
    List<String> routedVariants, String routingVariant, String routingChart, List<String> routingBenchmarks,
    String layerBenchmark, String layerChart, SyntheticDataCounts synthetic, String syntheticChart, Instant now,
    PageUrl url, SiteLinks links) {}
