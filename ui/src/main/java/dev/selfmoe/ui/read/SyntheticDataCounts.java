package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_ARTIFACT;
import static dev.selfmoe.db.jooq.Tables.SYNTHETIC_DATA_STATS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * How self-specialization fared per domain: samples kept, and dropped per reason.
 *
 * @param outcomes {@code kept} first, then the drop reasons by name
 * @param counts per domain (paper order) and outcome
 */
public record SyntheticDataCounts(List<String> domains, List<String> outcomes, Map<String, Map<String, Integer>> counts) {
  public static final String KEPT = "kept";

  public static SyntheticDataCounts of(DSLContext dsl, String experimentId) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>(PaperOrder.DOMAIN);
    TreeSet<String> reasons = new TreeSet<>();
    dsl.select(SYNTHETIC_DATA_STATS.DOMAIN, SYNTHETIC_DATA_STATS.OUTCOME, SYNTHETIC_DATA_STATS.COUNT)
        .from(SYNTHETIC_DATA_STATS)
        .join(EXPERIMENT_ARTIFACT).on(EXPERIMENT_ARTIFACT.SHA256.eq(SYNTHETIC_DATA_STATS.ARTIFACT_SHA256))
        .where(EXPERIMENT_ARTIFACT.EXPERIMENT_ID.eq(experimentId))
        .and(EXPERIMENT_ARTIFACT.ROLE.like("data:%"))
        .forEach(r -> {
          counts.computeIfAbsent(r.value1(), d -> new LinkedHashMap<>()).merge(r.value2(), r.value3(), Integer::sum);
          if (!r.value2().equals(KEPT)) {
            reasons.add(r.value2());
          }
        });
    List<String> outcomes = new ArrayList<>();
    outcomes.add(KEPT);
    outcomes.addAll(reasons);
    return new SyntheticDataCounts(List.copyOf(counts.keySet()), outcomes, counts);
  }

  public int count(String domain, String outcome) {
    return counts.getOrDefault(domain, Map.of()).getOrDefault(outcome, 0);
  }

  public boolean isEmpty() {
    return domains.isEmpty();
  }
}
