package dev.selfmoe.activities.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.workflows.spec.SeedSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReasoningSeedsTest {
  private static final Path DATA = Path.of(System.getProperty("selfmoe.shared", "../../shared"), "data");

  @Test
  void bbhLeavesOutExactlyTheDrawnReasoningSeeds() {
    SeedSpec seeds = new SeedSpec(12, 3, Map.of());
    Set<String> excluded = ReasoningSeeds.excludedFrom("bbh", seeds, DATA);
    assertEquals(12, excluded.size());
    assertTrue(excluded.stream().allMatch(id -> id.matches("[a-z_]+/\\d+")), excluded.toString());
    assertEquals(excluded, ReasoningSeeds.excludedFrom("bbh", seeds, DATA), "the same draw every time");
    assertTrue(!excluded.equals(ReasoningSeeds.excludedFrom("bbh", new SeedSpec(12, 4, Map.of()), DATA)));
    assertEquals(Set.of(), ReasoningSeeds.excludedFrom("mmlu", seeds, DATA), "other benchmarks keep every item");
    assertEquals(Set.of(), ReasoningSeeds.excludedFrom("bbh", null, DATA), "no reasoning domain, nothing to leave out");
  }
}
