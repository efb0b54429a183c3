package dev.selfmoe.ui.pages;

import dev.selfmoe.ui.read.Experiments;
import dev.selfmoe.ui.read.Score;
import dev.selfmoe.ui.read.ScoreGrid;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * {@code /experiments/{id}/results.csv}: the table as shown (a row per variant) with each benchmark's score, interval,
 * items and draws as fractions, and the average.
 */
public final class ResultsCsv {
  private final DSLContext dsl;
  private final Experiments experiments;

  public ResultsCsv(DSLContext dsl, Experiments experiments) {
    this.dsl = dsl;
    this.experiments = experiments;
  }

  public void handle(Context ctx) {
    String id = ExperimentPage.find(experiments, ctx.pathParam("id")).id();
    ScoreGrid grid = ScoreGrid.of(dsl, id);
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("variant"));
    for (String b : grid.benchmarks()) {
      header.addAll(List.of(b, b + "_ci_low", b + "_ci_high", b + "_n", b + "_draws"));
    }
    header.add(ScoreGrid.AVERAGE);
    line(csv, header);
    for (ScoreGrid.Row row : grid.rows()) {
      List<String> cells = new ArrayList<>(List.of(row.variant()));
      for (String b : grid.benchmarks()) {
        Score s = row.score(b);
        cells.add(s == null ? "" : Double.toString(s.score()));
        cells.add(s == null || s.ciLow() == null ? "" : Double.toString(s.ciLow()));
        cells.add(s == null || s.ciHigh() == null ? "" : Double.toString(s.ciHigh()));
        cells.add(s == null ? "" : Integer.toString(s.n()));
        cells.add(s == null ? "" : Integer.toString(s.draws()));
      }
      cells.add(row.average() == null ? "" : Double.toString(row.average()));
      line(csv, cells);
    }
    ctx.contentType("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9._-]", "_")
            + "-results.csv\"")
        .result(csv.toString());
  }

  private static void line(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      String c = cells.get(i);
      boolean quoted = c.chars().anyMatch(ch -> ch == '"' || ch == ',' || ch == '\r' || ch == '\n');
      csv.append(quoted ? '"' + c.replace("\"", "\"\"") + '"' : c);
    }
    csv.append("\r\n");
  }
}
