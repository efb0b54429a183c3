package dev.selfmoe.worker;

import dev.selfmoe.db.PairedCounts;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.ui.read.Score;
import dev.selfmoe.ui.read.ScoreGrid;
import dev.selfmoe.ui.read.SweepResults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Record;
import org.jooq.Result;

/** The paper-shaped tables of one experiment or sweep, read from the database's views. */
public final class ResultTables {
  public record Table(List<String> columns, List<List<String>> rows) {}

  private ResultTables() {}

  /**
   * Table 1's shape as the results site draws it: a row per variant, a column per benchmark the experiment scored
   * (the paper's four first), and the average over the variant's benchmarks (scores in percent).
   */
  public static Table paperTable(SelfmoeDatabase db, String experimentId) {
    ScoreGrid grid = ScoreGrid.of(db.dsl(), experimentId);
    List<String> columns = new ArrayList<>(List.of("variant"));
    columns.addAll(grid.benchmarks());
    columns.add(ScoreGrid.AVERAGE);
    List<List<String>> rows = new ArrayList<>();
    for (ScoreGrid.Row r : grid.rows()) {
      rows.add(row(List.of(r.variant()), grid.benchmarks(), r.scores(), r.average()));
    }
    return new Table(columns, rows);
  }

  private static String percent(double score) {
    return String.format(Locale.ROOT, "%.1f", score * 100);
  }

  /**
   * Every benchmark with n and the 95% interval, averaged over few-shot draws, and each variant against base on the
   * same items: items only it got right, items only base got right, McNemar's exact p and whether p < 0.05 (so a
   * difference inside overlapping intervals is not read as a win, and a tie shows as one).
   */
  public static Table longTable(SelfmoeDatabase db, String experimentId) {
    Table scores = table(db.dsl().resultQuery(
        "select variant, benchmark, round(avg(score)::numeric, 4) as score, sum(n) as n,"
            + " round(min(ci_low)::numeric, 4) as ci_low, round(max(ci_high)::numeric, 4) as ci_high,"
            + " count(*) as draws from results_long where experiment_id = ? group by variant, benchmark"
            + " order by variant, benchmark", experimentId).fetch());
    Map<List<String>, PairedCounts> pairs = new HashMap<>();
    for (PairedCounts p : db.evaluations().pairedAgainstBase(experimentId)) {
      pairs.put(List.of(p.variant(), p.benchmark()), p);
    }
    List<String> columns = new ArrayList<>(scores.columns());
    columns.addAll(List.of("gained_vs_base", "lost_vs_base", "p_vs_base", "significant"));
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row : scores.rows()) {
      List<String> extended = new ArrayList<>(row);
      PairedCounts p = pairs.get(List.of(row.get(0), row.get(1)));
      if (p == null) {
        extended.addAll(Arrays.asList(null, null, null, null));
      } else {
        extended.addAll(List.of(String.valueOf(p.gained()), String.valueOf(p.lost()),
            String.format(Locale.ROOT, "%.4f", p.p()), p.significant() ? "yes" : "no"));
      }
      rows.add(extended);
    }
    return new Table(columns, rows);
  }

  /**
   * Tables 2 and 4: a row per sweep cell and variant (a cell with no score yet has one empty row), a column per
   * benchmark any cell scored, and each row's average.
   */
  public static Table sweepTable(SelfmoeDatabase db, String sweepId) {
    SweepResults sweep = SweepResults.of(db.dsl(), sweepId);
    List<String> columns = new ArrayList<>(List.of("cell_label", "variant"));
    columns.addAll(sweep.benchmarks());
    columns.add(ScoreGrid.AVERAGE);
    List<List<String>> rows = new ArrayList<>();
    for (SweepResults.Row r : sweep.rows()) {
      rows.add(row(Arrays.asList(r.cellLabel(), r.variant()), sweep.benchmarks(), r.scores(), r.average()));
    }
    return new Table(columns, rows);
  }

  /** {@code first}, then each benchmark's score and the average, in percent (empty where there is none). */
  private static List<String> row(List<String> first, List<String> benchmarks, Map<String, Score> scores,
      Double average) {
    List<String> row = new ArrayList<>(first);
    for (String b : benchmarks) {
      row.add(scores.get(b) == null ? null : percent(scores.get(b).score()));
    }
    row.add(average == null ? null : percent(average));
    return row;
  }

  private static Table table(Result<Record> result) {
    List<String> columns = new ArrayList<>();
    for (var f : result.fields()) {
      columns.add(f.getName());
    }
    List<List<String>> rows = new ArrayList<>();
    for (Record r : result) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        Object v = r.get(c);
        row.add(v == null ? null : v.toString());
      }
      rows.add(row);
    }
    return new Table(columns, rows);
  }
}
