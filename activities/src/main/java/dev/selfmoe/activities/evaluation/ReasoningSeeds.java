package dev.selfmoe.activities.evaluation;

import dev.selfmoe.engine.selfspec.Domain;
import dev.selfmoe.engine.selfspec.Seed;
import dev.selfmoe.engine.selfspec.SeedSets;
import dev.selfmoe.workflows.spec.SeedSpec;
import java.nio.file.Path;
import java.util.Set;

/** The BBH items an experiment's reasoning seeds came from: the model was shown them, so BBH is scored without them. */
final class ReasoningSeeds {
  private ReasoningSeeds() {}

  static Set<String> excludedFrom(String benchmark, SeedSpec seeds, Path data) {
    if (!benchmark.equals("bbh") || seeds == null) {
      return Set.of();
    }
    String file = seeds.files().get("reasoning");
    if (file != null) {
      return SeedSets.evaluatedIds(SeedSets.read(Path.of(file)).stream().map(Seed::id).toList());
    }
    return SeedSets.drawnIds(Domain.REASONING, data, seeds.count(), seeds.drawSeed());
  }
}
