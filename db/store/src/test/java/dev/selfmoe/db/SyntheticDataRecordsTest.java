package dev.selfmoe.db;

import static dev.selfmoe.db.Hashes.sha256;
import static dev.selfmoe.db.jooq.Tables.SYNTHETIC_DATA_STATS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class SyntheticDataRecordsTest {
  private static final String DATA = sha256("coding data");

  @Test
  void recordingStatsTwiceKeepsOneRowPerOutcome(SelfmoeDatabase db) {
    db.artifacts().recordArtifact(DATA, "synthetic-data", 10, "file:///data", null, null, List.of());
    Map<String, Integer> dropped = Map.of("duplicate", 7, "unparseable", 3);

    db.syntheticData().recordStats(DATA, "coding", 90, dropped);
    db.syntheticData().recordStats(DATA, "coding", 90, dropped);

    assertEquals(3, db.dsl().fetchCount(SYNTHETIC_DATA_STATS));
    assertEquals(Map.of("kept", 90, "duplicate", 7, "unparseable", 3), db.syntheticData().outcomesOf(DATA));
  }

  @Test
  void keptIsNotADropReason(SelfmoeDatabase db) {
    assertThrows(IllegalArgumentException.class,
        () -> db.syntheticData().recordStats(DATA, "coding", 1, Map.of("kept", 2)));
  }
}
