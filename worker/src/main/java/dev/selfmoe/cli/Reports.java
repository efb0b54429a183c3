package dev.selfmoe.cli;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.worker.ResultTables;
import java.io.PrintWriter;

/** Prints an experiment's or a sweep's results. */
final class Reports {
  private Reports() {}

  static void experiment(SelfmoeDatabase db, String id, PrintWriter out, String format) {
    ResultTables.Table paper = ResultTables.paperTable(db, id);
    if (format.equals("table")) {
      out.println("Results of " + id + " (score in %; average over the benchmarks present):");
      new TextTable(paper.columns(), paper.rows()).print(out, format);
      out.println();
      out.println("Every benchmark (score 0-1, n items, 95% bootstrap interval; against base on the same items: items"
          + " gained and lost, McNemar's exact p, significant at p < 0.05):");
    }
    ResultTables.Table all = ResultTables.longTable(db, id);
    new TextTable(all.columns(), all.rows()).print(out, format);
  }

  static void sweep(SelfmoeDatabase db, String id, PrintWriter out, String format) {
    ResultTables.Table t = ResultTables.sweepTable(db, id);
    new TextTable(t.columns(), t.rows()).print(out, format);
  }
}
