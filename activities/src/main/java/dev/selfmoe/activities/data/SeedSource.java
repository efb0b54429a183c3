package dev.selfmoe.activities.data;

import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.engine.selfspec.Domain;
import dev.selfmoe.engine.selfspec.Seed;
import dev.selfmoe.engine.selfspec.SeedSets;
import dev.selfmoe.workflows.activity.SynthesizeRequest;
import java.nio.file.Path;
import java.util.List;

/** A domain's seeds as the selfspec command takes them: the user's JSONL file, or a seeded draw from the benchmarks. */
final class SeedSource {
  private SeedSource() {}

  static Domain domain(SynthesizeRequest r) {
    return BadInput.check(() -> Domain.parse(r.domain()));
  }

  static List<Seed> seeds(SynthesizeRequest r, WorkerResources resources) {
    String file = r.seeds().files().get(r.domain());
    if (file != null) {
      return BadInput.check(() -> SeedSets.read(Path.of(file)));
    }
    Path root = resources.dataRoot(r.data());
    return BadInput.check(() -> SeedSets.draw(domain(r), root, r.seeds().count(), r.seeds().drawSeed()));
  }
}
