package dev.selfmoe.engine.selfspec;

import java.util.List;

/** Where a synthetic item came from, enough to regenerate it: the round, its slot, the sampling seed, the seeds shown. */
public record Provenance(
    int round, int index, long samplingSeed, List<String> brainstormSeeds, List<String> responseSeeds) {
  public Provenance {
    brainstormSeeds = List.copyOf(brainstormSeeds);
    responseSeeds = List.copyOf(responseSeeds);
  }
}
