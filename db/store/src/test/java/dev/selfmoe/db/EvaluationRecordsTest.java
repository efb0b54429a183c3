package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.EVALUATION;
import static dev.selfmoe.db.jooq.Tables.EVALUATION_ITEM;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_EVALUATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class EvaluationRecordsTest {
  private static final EvaluationRow MMLU = new EvaluationRow("eval-mmlu", "mmlu", 5, null, 42, 0.61, 2500, 0.59,
      0.63, "{\"anatomy\": 0.5, \"virology\": 0.7}");

  @Test
  void aRetriedEvaluationLeavesTheSameRowsAndItems(SelfmoeDatabase db) {
    List<EvaluationItemRow> items = items(2500);

    db.evaluations().recordEvaluation(MMLU, items);
    db.evaluations().recordEvaluation(MMLU, items);

    assertEquals(1, db.dsl().fetchCount(EVALUATION));
    assertEquals(2500, db.dsl().fetchCount(EVALUATION_ITEM));
    assertEquals(items, db.evaluations().itemsOf("eval-mmlu"));
  }

  @Test
  void anEvaluationRoundTripsWithItsJsonSubScores(SelfmoeDatabase db) {
    db.evaluations().recordEvaluation(MMLU, List.of());
    EvaluationRow found = db.evaluations().find("eval-mmlu").orElseThrow();

    assertEquals(MMLU.score(), found.score());
    assertEquals(MMLU.limitN(), found.limitN());
    assertTrue(found.subScoresJson().contains("\"virology\": 0.7"), found.subScoresJson());
    assertTrue(db.evaluations().find("eval-never-run").isEmpty());
  }

  @Test
  void linkingADrawTwiceKeepsOneRow(SelfmoeDatabase db) {
    db.experiments().upsertExperiment("wf-1", "name", "{}", "hash", null, null);
    db.evaluations().recordEvaluation(MMLU, List.of());

    db.evaluations().linkEvaluation("wf-1", "mixse", "mmlu", 0, "eval-mmlu");
    db.evaluations().linkEvaluation("wf-1", "mixse", "mmlu", 0, "eval-mmlu");

    assertEquals(1, db.dsl().fetchCount(EXPERIMENT_EVALUATION));
    assertEquals(List.of(new ResultRow("wf-1", "mixse", "mmlu", 0, 0.61, 2500, 0.59, 0.63)),
        db.evaluations().resultsOf("wf-1"));
  }

  private static List<EvaluationItemRow> items(int count) {
    List<EvaluationItemRow> items = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      boolean correct = index % 3 != 0;
      items.add(new EvaluationItemRow(index, "mmlu/test/anatomy/" + index, index % 2 == 0 ? "anatomy" : null,
          "Question " + index + "?\nA. one\nB. two", "The answer is B", correct ? "B" : null, "B", correct,
          correct ? 1.0 : 0.0));
    }
    return items;
  }
}
