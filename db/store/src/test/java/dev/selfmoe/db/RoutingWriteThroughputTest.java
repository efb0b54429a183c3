package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.ROUTING_STAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class RoutingWriteThroughputTest {
  @Test
  void writesTheRowsItCountsAndReportsARate(SelfmoeDatabase db) {
    RoutingWriteThroughput.Report report = RoutingWriteThroughput.measure(db, 5, 4, 3);

    assertEquals(5 * 4 * 3, report.rows());
    assertEquals(report.rows(),
        db.dsl().fetchCount(ROUTING_STAT, ROUTING_STAT.EVAL_KEY.startsWith(report.evalKeyPrefix())));
    assertTrue(report.rowsPerSecond() > 0);
  }
}
