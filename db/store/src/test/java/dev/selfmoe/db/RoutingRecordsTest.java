package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.ROUTING_STAT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class RoutingRecordsTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void routingIsRecordedOnceAndAveragedOverLayersByTokens(SelfmoeDatabase db) {
    db.experiments().upsertExperiment("wf-1", "name", "{}", "hash", null, null);
    db.evaluations().recordEvaluation(
        new EvaluationRow("eval-gsm8k", "gsm8k", 8, null, 1, 0.5, 10, null, null, null), List.of());
    db.evaluations().linkEvaluation("wf-1", "mixse", "gsm8k", 0, "eval-gsm8k");
    List<RoutingRow> rows = List.of(
        new RoutingRow(0, 0, "math", 0.2, 0.1, 100),
        new RoutingRow(0, 1, "coding", 0.8, 0.9, 100),
        new RoutingRow(1, 0, "math", 0.6, 0.7, 300),
        new RoutingRow(1, 1, "coding", 0.4, 0.3, 300));

    db.routing().record("eval-gsm8k", rows);
    db.routing().record("eval-gsm8k", rows);

    assertEquals(4, db.dsl().fetchCount(ROUTING_STAT));
    List<RoutingSummaryRow> summary = db.routing().byBenchmark("wf-1");
    assertEquals(List.of("math", "coding"), summary.stream().map(RoutingSummaryRow::expertName).toList());
    RoutingSummaryRow math = summary.getFirst();
    assertEquals((0.2 * 100 + 0.6 * 300) / 400, math.meanWeight(), TOLERANCE);
    assertEquals((0.1 * 100 + 0.7 * 300) / 400, math.top1Share(), TOLERANCE);
    assertEquals(400, math.tokens());
  }
}
