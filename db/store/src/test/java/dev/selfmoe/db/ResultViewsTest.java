package dev.selfmoe.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The paper-shaped views on hand-made results whose averages are easy to check by hand. */
@ExtendWith(FreshDatabases.class)
class ResultViewsTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void paperTableAveragesDrawsAndThenTheBenchmarksPresent(SelfmoeDatabase db) {
    db.experiments().upsertExperiment("wf-1", "table 1", "{}", "hash", null, null);
    // base: two draws on every benchmark.
    score(db, "wf-1", "base", "mmlu", 0, 0.40);
    score(db, "wf-1", "base", "mmlu", 1, 0.50);
    score(db, "wf-1", "base", "bbh", 0, 0.30);
    score(db, "wf-1", "base", "bbh", 1, 0.30);
    score(db, "wf-1", "base", "gsm8k", 0, 0.20);
    score(db, "wf-1", "base", "gsm8k", 1, 0.30);
    score(db, "wf-1", "base", "humaneval", 0, 0.10);
    score(db, "wf-1", "base", "humaneval", 1, 0.20);
    // mixse: no humaneval, and a benchmark outside the four that must not count.
    score(db, "wf-1", "mixse", "mmlu", 0, 0.60);
    score(db, "wf-1", "mixse", "bbh", 0, 0.40);
    score(db, "wf-1", "mixse", "gsm8k", 0, 0.50);
    score(db, "wf-1", "mixse", "mbpp", 0, 0.99);

    List<PaperTableRow> table = db.evaluations().paperTable("wf-1");

    assertEquals(List.of("base", "mixse"), table.stream().map(PaperTableRow::variant).toList());
    assertRow(table.get(0), 0.45, 0.30, 0.25, 0.15, (0.45 + 0.30 + 0.25 + 0.15) / 4);
    assertRow(table.get(1), 0.60, 0.40, 0.50, null, (0.60 + 0.40 + 0.50) / 3);
    assertEquals(12, db.evaluations().resultsOf("wf-1").size());
  }

  @Test
  void paperTableCiCountsDrawsAndTheirSpread(SelfmoeDatabase db) {
    db.experiments().upsertExperiment("wf-1", "table 1", "{}", "hash", null, null);
    score(db, "wf-1", "base", "mmlu", 0, 0.40);
    score(db, "wf-1", "base", "mmlu", 1, 0.50);

    QueryResult ci = db.sql("SELECT draws, score, n, ci_low, ci_high FROM paper_table_ci"
        + " WHERE experiment_id = 'wf-1' AND variant = 'base' AND benchmark = 'mmlu'");

    List<String> row = ci.rows().getFirst();
    assertEquals("2", row.get(0));
    assertEquals(0.45, Double.parseDouble(row.get(1)), TOLERANCE);
    assertEquals("100", row.get(2));
    assertEquals(0.40, Double.parseDouble(row.get(3)), TOLERANCE);
    assertEquals(0.50, Double.parseDouble(row.get(4)), TOLERANCE);
  }

  @Test
  void pairedCountsMatchItemsWithinEachDraw(SelfmoeDatabase db) {
    db.experiments().upsertExperiment("wf-1", "pairs", "{}", "hash", null, null);
    scored(db, "base", 0, true, true, false, false, true);
    scored(db, "expert", 0, true, false, true, true, true); // gains items 2 and 3, loses item 1
    scored(db, "base", 1, false, false, false, false, false);
    scored(db, "expert", 1, true, false, false, false, false); // gains item 0 of the second draw
    scored(db, "mixse", 0, true, true, false, false, true); // the same answers as base

    List<PairedCounts> pairs = db.evaluations().pairedAgainstBase("wf-1");

    assertEquals(List.of("expert 10 3 1", "mixse 5 0 0"),
        pairs.stream().map(c -> c.variant() + " " + c.paired() + " " + c.gained() + " " + c.lost()).toList());
    assertEquals(10.0 / 16, pairs.get(0).p(), 1e-12); // 3:1 -> 2 * (1 + 4) / 16
    assertEquals(1.0, pairs.get(1).p(), 1e-12); // no disagreement
    assertTrue(pairs.stream().allMatch(c -> c.benchmark().equals("mmlu") && !c.significant()));
  }

  @Test
  void mcnemarsExactPIsTwiceTheSmallerBinomialTail(SelfmoeDatabase db) {
    assertEquals(1.0, p(db, 0, 0), 1e-12, "no disagreement, no evidence");
    assertEquals(1.0, p(db, 5, 5), 1e-12);
    assertEquals(2.0 / 1024, p(db, 10, 0), 1e-12); // 2 * 0.5^10
    assertEquals(2.0 * (1 + 10) / 1024, p(db, 1, 9), 1e-12);
    assertEquals(p(db, 9, 1), p(db, 1, 9), 1e-12, "two-sided");
    assertEquals(1.0, p(db, 1, 2), 1e-12, "2 * (1 + 3) / 8, capped at 1");
    assertEquals(2.0 * (1 + 12 + 66) / 4096, p(db, 2, 10), 1e-12);
    double close = p(db, 1000, 980);
    double far = p(db, 1100, 900);
    assertTrue(close > 0.5 && close <= 1, "a 2% split of 1,980 is no evidence: " + close);
    assertTrue(far > 0 && far < 1e-5, "a 10% split of 2,000 is: " + far);
  }

  private static double p(SelfmoeDatabase db, int gained, int lost) {
    return db.dsl().resultQuery("select mcnemar_exact_p(?, ?)", (long) gained, (long) lost).fetchOne(0, Double.class);
  }

  /** A draw of a variant on MMLU whose item i is right when {@code correct[i]}. */
  private static void scored(SelfmoeDatabase db, String variant, int draw, boolean... correct) {
    String evalKey = "wf-1/" + variant + "/mmlu/" + draw;
    List<EvaluationItemRow> items = new java.util.ArrayList<>();
    int right = 0;
    for (int i = 0; i < correct.length; i++) {
      items.add(new EvaluationItemRow(i, "q" + i, null, "prompt", "output", "A", "A", correct[i],
          correct[i] ? 1 : 0));
      right += correct[i] ? 1 : 0;
    }
    double score = (double) right / correct.length;
    db.evaluations().recordEvaluation(new EvaluationRow(evalKey, "mmlu", 0, null, draw, score, correct.length, null,
        null, null), items);
    db.evaluations().linkEvaluation("wf-1", variant, "mmlu", draw, evalKey);
  }

  @Test
  void sweepTableShowsEachCellsPaperRows(SelfmoeDatabase db) {
    db.experiments().upsertSweep("sweep-1", "number of experts", "{}");
    db.experiments().upsertExperiment("wf-2", "two experts", "{}", "h2", "sweep-1", "2 experts");
    db.experiments().upsertExperiment("wf-4", "four experts", "{}", "h4", "sweep-1", "4 experts");
    db.experiments().upsertExperiment("wf-alone", "not in the sweep", "{}", "h", null, null);
    score(db, "wf-2", "mixse", "mmlu", 0, 0.50);
    score(db, "wf-4", "mixse", "mmlu", 0, 0.60);
    score(db, "wf-4", "mixse", "gsm8k", 0, 0.40);
    score(db, "wf-alone", "mixse", "mmlu", 0, 0.90);

    List<SweepTableRow> sweep = db.evaluations().sweepTable("sweep-1");

    assertEquals(List.of("2 experts", "4 experts"), sweep.stream().map(SweepTableRow::cellLabel).toList());
    assertEquals(0.50, sweep.get(0).average(), TOLERANCE);
    assertEquals(0.50, sweep.get(1).average(), TOLERANCE);
    assertNull(sweep.get(1).bbh());
  }

  private static void score(SelfmoeDatabase db, String experimentId, String variant, String benchmark, int draw,
      double score) {
    String evalKey = experimentId + "/" + variant + "/" + benchmark + "/" + draw;
    db.evaluations().recordEvaluation(
        new EvaluationRow(evalKey, benchmark, 0, 100, draw, score, 100, score - 0.05, score + 0.05, null), List.of());
    db.evaluations().linkEvaluation(experimentId, variant, benchmark, draw, evalKey);
  }

  private static void assertRow(PaperTableRow row, Double mmlu, Double bbh, Double gsm8k, Double humaneval,
      double average) {
    assertClose(mmlu, row.mmlu());
    assertClose(bbh, row.bbh());
    assertClose(gsm8k, row.gsm8k());
    assertClose(humaneval, row.humaneval());
    assertEquals(average, row.average(), TOLERANCE);
  }

  private static void assertClose(Double expected, Double actual) {
    if (expected == null) {
      assertNull(actual);
    } else {
      assertEquals(expected, actual, TOLERANCE);
    }
  }
}
