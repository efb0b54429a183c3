package dev.selfmoe.worker;

import dev.selfmoe.db.SelfmoeDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.Record;
import org.jooq.Result;

/** The paper-shaped tables of one experiment or sweep, read from the database's views. */
public final class ResultTables {
  public record Table(List<String> columns, List<List<String>> rows) {}

  private ResultTables() {}

  /** Table 1's shape: a row per variant, a column per main benchmark, and the average (scores in percent). */
  public static Table paperTable(SelfmoeDatabase db, String experimentId) {
    return table(db.dsl().resultQuery(
        "select variant, mmlu, bbh, gsm8k, humaneval, average from paper_table where experiment_id = ?"
            + " order by variant", experimentId).fetch(), true);
  }

  /** Every benchmark with n and the 95% interval, averaged over few-shot draws. */
  public static Table longTable(SelfmoeDatabase db, String experimentId) {
    return table(db.dsl().resultQuery(
        "select variant, benchmark, round(avg(score)::numeric, 4) as score, sum(n) as n,"
            + " round(min(ci_low)::numeric, 4) as ci_low, round(max(ci_high)::numeric, 4) as ci_high,"
            + " count(*) as draws from results_long where experiment_id = ? group by variant, benchmark"
            + " order by variant, benchmark", experimentId).fetch(), false);
  }

  /** Tables 2 and 4: a row per sweep cell and variant. */
  public static Table sweepTable(SelfmoeDatabase db, String sweepId) {
    return table(db.dsl().resultQuery(
        "select cell_label, variant, mmlu, bbh, gsm8k, humaneval, average from sweep_table where sweep_id = ?"
            + " order by cell_label, variant", sweepId).fetch(), true);
  }

  private static Table table(Result<Record> result, boolean percent) {
    List<String> columns = new ArrayList<>();
    for (var f : result.fields()) {
      columns.add(f.getName());
    }
    List<List<String>> rows = new ArrayList<>();
    for (Record r : result) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        Object v = r.get(c);
        row.add(v == null ? null : v instanceof Number n && percent ? String.format(Locale.ROOT, "%.1f",
            n.doubleValue() * 100) : v.toString());
      }
      rows.add(row);
    }
    return new Table(columns, rows);
  }
}
