package dev.selfmoe.activities.training;

import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.store.ArtifactStore;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.engine.train.InstructionData;
import dev.selfmoe.engine.train.InstructionExample;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import java.util.ArrayList;
import java.util.List;

/** Training examples from instruction JSONL artifacts, concatenated in the order given. */
final class TrainingData {
  private TrainingData() {}

  static List<InstructionExample> read(ArtifactStore store, List<ArtifactRef> data) {
    BadInput.require(!data.isEmpty(), "no training data given");
    List<InstructionExample> examples = new ArrayList<>();
    for (ArtifactRef ref : data) {
      examples.addAll(BadInput.check(() -> InstructionData.read(store.require(ref))));
    }
    return examples;
  }

  static List<Lineage> lineage(List<ArtifactRef> data) {
    return data.stream().map(ref -> new Lineage(ref.sha256(), "data")).distinct().toList();
  }
}
