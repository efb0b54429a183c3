package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT;
import static dev.selfmoe.db.jooq.Tables.PAPER_TABLE_CI;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * Every cell of a sweep with its variants' scores (Tables 2 and 4), and the same scores as lines against one of the
 * settings the cells vary (Fig. 5).
 *
 * @param rows by cell label, then variant in paper order
 * @param axes the settings the cell labels vary, other than the variants themselves
 */
public record SweepResults(List<String> benchmarks, List<Row> rows, List<String> axes) {
  public static final String VARIANTS = "variants";

  public record Row(String cellLabel, String experimentId, String status, String variant, Map<String, Score> scores,
      Double average) {
    /** The row's value of {@code metric}: a benchmark's score or the average. */
    public Optional<Double> metric(String metric) {
      if (metric.equals(ScoreGrid.AVERAGE)) {
        return Optional.ofNullable(average);
      }
      return Optional.ofNullable(scores.get(metric)).map(Score::score);
    }
  }

  /** A line of the chart: one variant's metric at each axis value, with its interval where it has one. */
  public record Series(String variant, List<Point> points) {}

  public record Point(String x, double y, Double low, Double high) {}

  public static SweepResults of(DSLContext dsl, String sweepId) {
    Map<String, Row> rows = new LinkedHashMap<>();
    TreeSet<String> benchmarks = new TreeSet<>(PaperOrder.BENCHMARK);
    var records = dsl.select(EXPERIMENT.ID, EXPERIMENT.CELL_LABEL, EXPERIMENT.STATUS, PAPER_TABLE_CI.asterisk())
        .from(EXPERIMENT)
        .leftJoin(PAPER_TABLE_CI).on(PAPER_TABLE_CI.EXPERIMENT_ID.eq(EXPERIMENT.ID))
        .where(EXPERIMENT.SWEEP_ID.eq(sweepId))
        .orderBy(EXPERIMENT.CELL_LABEL, EXPERIMENT.ID)
        .fetch();
    for (var r : records) {
      String variant = r.get(PAPER_TABLE_CI.VARIANT);
      String key = r.get(EXPERIMENT.ID) + "\u0000" + (variant == null ? "" : variant);
      Row row = rows.computeIfAbsent(key, k -> new Row(r.get(EXPERIMENT.CELL_LABEL), r.get(EXPERIMENT.ID),
          r.get(EXPERIMENT.STATUS), variant, new LinkedHashMap<>(), null));
      if (variant != null) {
        String benchmark = r.get(PAPER_TABLE_CI.BENCHMARK);
        benchmarks.add(benchmark);
        row.scores().put(benchmark, new Score(variant, benchmark, r.get(PAPER_TABLE_CI.DRAWS),
            r.get(PAPER_TABLE_CI.SCORE), r.get(PAPER_TABLE_CI.SCORE_STDDEV), r.get(PAPER_TABLE_CI.N),
            r.get(PAPER_TABLE_CI.CI_LOW), r.get(PAPER_TABLE_CI.CI_HIGH)));
      }
    }
    List<Row> sorted = new ArrayList<>();
    for (Row row : rows.values()) {
      Double average = row.scores().values().stream().mapToDouble(Score::score).average().stream().boxed()
          .findFirst().orElse(null);
      sorted.add(new Row(row.cellLabel(), row.experimentId(), row.status(), row.variant(), row.scores(), average));
    }
    sorted.sort(Comparator.comparing(Row::cellLabel, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Row::variant, Comparator.nullsFirst(PaperOrder.VARIANT)));
    Set<String> axes = new LinkedHashSet<>();
    sorted.forEach(row -> CellLabel.paths(row.cellLabel()).forEach(axes::add));
    axes.remove(VARIANTS);
    return new SweepResults(List.copyOf(benchmarks), sorted, List.copyOf(axes));
  }

  /**
   * One line per variant over the cells whose label sets {@code axis}, ordered by the axis value (numerically when
   * every value is a number).
   */
  public List<Series> series(String axis, String metric) {
    Map<String, List<Point>> byVariant = new TreeMap<>(PaperOrder.VARIANT);
    for (Row row : rows) {
      Optional<String> x = CellLabel.value(row.cellLabel(), axis);
      Optional<Double> y = row.variant() == null ? Optional.empty() : row.metric(metric);
      if (x.isPresent() && y.isPresent()) {
        Score s = metric.equals(ScoreGrid.AVERAGE) ? null : row.scores().get(metric);
        byVariant.computeIfAbsent(row.variant(), v -> new ArrayList<>())
            .add(new Point(x.get(), y.get(), s == null ? null : s.ciLow(), s == null ? null : s.ciHigh()));
      }
    }
    boolean numeric = isNumericAxis(axis);
    List<Series> series = new ArrayList<>();
    byVariant.forEach((variant, points) -> {
      if (numeric) {
        points.sort(Comparator.comparingDouble(p -> Double.parseDouble(p.x())));
      }
      series.add(new Series(variant, points));
    });
    return series;
  }

  public boolean isNumericAxis(String axis) {
    return rows.stream().map(r -> CellLabel.value(r.cellLabel(), axis)).flatMap(Optional::stream)
        .allMatch(SweepResults::isNumber);
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
