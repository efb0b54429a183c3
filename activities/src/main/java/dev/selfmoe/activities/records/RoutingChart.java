package dev.selfmoe.activities.records;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG of the paper's Fig. 3: for each mixture variant, a grouped bar chart with one group per
 * benchmark and one bar per expert, the bar's height the expert's mean routing weight on that benchmark.
 */
final class RoutingChart {
  private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
      "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  private static final int BAR = 18;
  private static final int GROUP_GAP = 24;
  private static final int LEFT = 56;
  private static final int TOP = 48;
  private static final int PLOT_HEIGHT = 180;
  private static final int PANEL_HEIGHT = TOP + PLOT_HEIGHT + 56;
  private static final int TICKS = 5;

  private RoutingChart() {}

  static String svg(List<RoutingAnalysis.VariantRouting> variants) {
    int width = 360;
    for (RoutingAnalysis.VariantRouting v : variants) {
      width = Math.max(width, LEFT + plotWidth(v) + 160);
    }
    int height = Math.max(1, variants.size()) * PANEL_HEIGHT;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    if (variants.isEmpty()) {
      s.append("<text x=\"16\" y=\"24\">no routing statistics recorded</text>\n");
    }
    for (int i = 0; i < variants.size(); i++) {
      panel(s, variants.get(i), i * PANEL_HEIGHT);
    }
    return s.append("</svg>\n").toString();
  }

  private static int plotWidth(RoutingAnalysis.VariantRouting v) {
    return v.benchmarks().size() * (v.experts().size() * BAR + GROUP_GAP) + GROUP_GAP;
  }

  private static void panel(StringBuilder s, RoutingAnalysis.VariantRouting v, int y0) {
    double yMax = scaleTop(v);
    int baseline = y0 + TOP + PLOT_HEIGHT;
    int plotWidth = plotWidth(v);
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">"
        + "Mean routing weight per expert: %s</text>%n", LEFT, y0 + 24, escape(v.variant())));
    for (int t = 0; t <= TICKS; t++) {
      double value = yMax * t / TICKS;
      double y = baseline - PLOT_HEIGHT * (double) t / TICKS;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n",
          LEFT, y, LEFT + plotWidth, y, t == 0 ? "#333" : "#ddd"));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT - 6,
          y + 4, value));
    }
    int x = LEFT + GROUP_GAP;
    for (RoutingAnalysis.BenchmarkRouting b : v.benchmarks()) {
      for (int e = 0; e < b.experts().size(); e++) {
        RoutingAnalysis.ExpertShare share = b.experts().get(e);
        double h = PLOT_HEIGHT * Math.max(0, share.meanWeight()) / yMax;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s on %s: mean weight %.3f, top-1 share %.3f</title></rect>%n", x + e * BAR,
            baseline - h, BAR - 2, h, colour(e), escape(share.expert()), escape(b.benchmark()), share.meanWeight(),
            share.top1Share()));
      }
      int groupWidth = v.experts().size() * BAR;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x + groupWidth / 2, baseline + 16, escape(b.benchmark())));
      x += groupWidth + GROUP_GAP;
    }
    int legendX = LEFT + plotWidth + 16;
    for (int e = 0; e < v.experts().size(); e++) {
      int y = y0 + TOP + e * 18;
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX, y, colour(e), legendX + 18, y + 10,
          escape(v.experts().get(e))));
    }
  }

  /** The axis top: the largest weight rounded up to a tenth, so bars of different panels read on a similar scale. */
  private static double scaleTop(RoutingAnalysis.VariantRouting v) {
    double max = 0;
    for (RoutingAnalysis.BenchmarkRouting b : v.benchmarks()) {
      for (RoutingAnalysis.ExpertShare e : b.experts()) {
        max = Math.max(max, e.meanWeight());
      }
    }
    return Math.max(0.1, Math.ceil(max * 10 - 1e-9) / 10);
  }

  private static String colour(int expert) {
    return COLOURS[expert % COLOURS.length];
  }

  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
