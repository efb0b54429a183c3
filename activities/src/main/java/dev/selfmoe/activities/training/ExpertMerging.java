package dev.selfmoe.activities.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.runtime.ModelLease;
import dev.selfmoe.activities.store.ArtifactWork;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.merge.DareMerge;
import dev.selfmoe.engine.merge.MergeMethod;
import dev.selfmoe.engine.merge.MergedModelFormat;
import dev.selfmoe.engine.merge.TaskVectors;
import dev.selfmoe.engine.merge.TiesMerge;
import dev.selfmoe.workflows.activity.MergeRequest;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.spec.MergeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The weight-merging baselines as the merge command makes them, on the experts' full updates, equally weighted. */
final class ExpertMerging {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerResources resources;

  ExpertMerging(WorkerResources resources) {
    this.resources = resources;
  }

  ArtifactRef run(MergeRequest request) {
    try (Heartbeat heartbeat = Heartbeat.start("merge " + request.method())) {
      return resources.store().produce(request.recipe(), heartbeat, work -> merge(request, work, heartbeat));
    }
  }

  /**
   * {@code dare} is DARE-TIES: drop-and-rescale, then TIES' sign election and disjoint mean without trimming. Plain
   * averaging after DARE (DARE-linear) lets the experts' opposite-signed updates cancel; the sign election keeps the
   * dominant direction per weight, which is how DARE is usually combined with several task vectors (mergekit's
   * dare_ties) and what the contract documents.
   */
  static MergeMethod method(MergeRequest r) {
    MergeSpec m = r.merge();
    return switch (r.method()) {
      case "ties" -> BadInput.check(() -> new TiesMerge(m.tiesDensity(), m.lambda()));
      case "dare" -> BadInput.check(() -> DareMerge.ties(m.dareDrop(), m.seed(), m.lambda()));
      default -> throw BadInput.failure("unknown merge method '" + r.method() + "' (ties or dare)");
    };
  }

  private ArtifactWork.Made merge(MergeRequest r, Path work, Heartbeat heartbeat) {
    MergeMethod method = method(r);
    BadInput.require(!r.experts().isEmpty(), "no experts to merge");
    Path out = work.resolve("merged");
    // written atomically, so one that exists is whole: an attempt that died while publishing left it
    if (!Files.isDirectory(out)) {
      List<LoraAdapter> adapters = new ArrayList<>();
      try (ModelLease model = resources.models().lease(r.model(), heartbeat)) {
        for (ArtifactRef ref : r.experts()) {
          LoraAdapter a = BadInput.check(() -> PeftFormat.load(resources.store().require(ref)));
          BadInput.checkRun(() -> PeftFormat.check(a, model.model().config()));
          adapters.add(a);
        }
      }
      heartbeat.report(ActivityProgress.of("merging " + adapters.size() + " experts with " + r.method()));
      double[] weights = new double[adapters.size()];
      Arrays.fill(weights, 1.0);
      Map<LoraKey, int[]> shapes = BadInput.check(() -> TaskVectors.shapes(adapters));
      MergedModelFormat.save(shapes,
          key -> BadInput.check(() -> TaskVectors.mergedModule(method, adapters, weights, key)), recipe(r, weights),
          out);
    }
    List<Lineage> parents = new ArrayList<>();
    for (int i = 0; i < r.experts().size(); i++) {
      parents.add(new Lineage(r.experts().get(i).sha256(), "expert:" + i));
    }
    return ArtifactWork.Made.of(out, parents);
  }

  /** How the merge was made, naming the experts by content rather than by any worker's paths. */
  private static ObjectNode recipe(MergeRequest r, double[] weights) {
    boolean dare = r.method().equals("dare");
    ObjectNode recipe = JSON.createObjectNode().put("method", dare ? "dare-ties" : r.method());
    if (dare) {
      recipe.put("drop", r.merge().dareDrop()).put("seed", r.merge().seed());
    } else {
      recipe.put("density", r.merge().tiesDensity());
    }
    recipe.put("lambda", r.merge().lambda()).put("base_model", r.model());
    r.experts().forEach(e -> recipe.withArray("experts").add(e.sha256()));
    Arrays.stream(weights).forEach(recipe.withArray("weights")::add);
    return recipe;
  }
}
