package dev.selfmoe.db;

import static dev.selfmoe.db.jooq.Tables.SYNTHETIC_DATA_STATS;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/** What became of the examples self-specialization generated for a synthetic-data artifact. */
public final class SyntheticDataRecords {
  /** The outcome of examples that made it into the data; any other outcome is a reason for dropping. */
  public static final String KEPT = "kept";

  private final DSLContext dsl;

  SyntheticDataRecords(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Written once per artifact: a retry leaves the first counts. */
  public void recordStats(String artifactSha256, String domain, int kept, Map<String, Integer> droppedByReason) {
    if (droppedByReason.containsKey(KEPT)) {
      throw new IllegalArgumentException("'" + KEPT + "' is not a drop reason: " + droppedByReason);
    }
    var insert = dsl.insertInto(SYNTHETIC_DATA_STATS, SYNTHETIC_DATA_STATS.ARTIFACT_SHA256,
            SYNTHETIC_DATA_STATS.DOMAIN, SYNTHETIC_DATA_STATS.OUTCOME, SYNTHETIC_DATA_STATS.COUNT)
        .values(artifactSha256, domain, KEPT, kept);
    for (Map.Entry<String, Integer> dropped : droppedByReason.entrySet()) {
      insert = insert.values(artifactSha256, domain, dropped.getKey(), dropped.getValue());
    }
    insert.onConflictDoNothing().execute();
  }

  /** Outcome to count, {@value #KEPT} among them, in outcome order. */
  public Map<String, Integer> outcomesOf(String artifactSha256) {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    dsl.select(SYNTHETIC_DATA_STATS.OUTCOME, SYNTHETIC_DATA_STATS.COUNT)
        .from(SYNTHETIC_DATA_STATS)
        .where(SYNTHETIC_DATA_STATS.ARTIFACT_SHA256.eq(artifactSha256))
        .orderBy(SYNTHETIC_DATA_STATS.OUTCOME)
        .forEach(record -> outcomes.put(record.value1(), record.value2()));
    return outcomes;
  }
}
