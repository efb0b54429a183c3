package dev.selfmoe.activities.training;

import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.runtime.ModelLease;
import dev.selfmoe.activities.store.ArtifactWork;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.mixse.MixtureFormat;
import dev.selfmoe.engine.mixse.MixtureOfLoras;
import dev.selfmoe.engine.mixse.Routing;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.train.AdapterTrainer;
import dev.selfmoe.engine.train.PromptTemplate;
import dev.selfmoe.engine.train.TrainingOptions;
import dev.selfmoe.engine.train.UntrainableDataException;
import dev.selfmoe.workflows.activity.TrainMixtureRequest;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MiXSE composition as train-router makes it: a router trained over frozen experts, or fresh experts trained
 * jointly with it, or (random routing) no training at all. Frozen experts are bundled into the composition under
 * their names (hard links to their store objects), so it never points at paths that could move.
 */
final class MixtureTraining {
  private final WorkerResources resources;

  MixtureTraining(WorkerResources resources) {
    this.resources = resources;
  }

  ArtifactRef run(TrainMixtureRequest request) {
    try (Heartbeat heartbeat = Heartbeat.start("train " + request.role())) {
      return resources.store().produce(request.recipe(), heartbeat, work -> build(request, work, heartbeat));
    }
  }

  private ArtifactWork.Made build(TrainMixtureRequest r, Path work, Heartbeat heartbeat) {
    BadInput.require(r.experts().isEmpty() != (r.jointExperts() == 0),
        "give either experts or jointExperts > 0, got " + r.experts().size() + " experts and jointExperts "
            + r.jointExperts());
    BadInput.require(r.jointExperts() > 0 || r.expertNames().size() == r.experts().size(),
        r.expertNames().size() + " expert names for " + r.experts().size() + " experts");
    BadInput.require(!(r.random() && r.jointExperts() > 0), "random routing needs trained experts, not joint ones");
    Map<String, Path> experts = new LinkedHashMap<>();
    for (int i = 0; i < r.experts().size(); i++) {
      experts.put(r.expertNames().get(i), resources.store().require(r.experts().get(i)));
    }
    Path out = work.resolve("mixture");
    // written atomically, so one that exists is whole: an attempt that died while publishing left it
    if (!Files.isDirectory(out)) {
      TrainingSlot slot = TrainingSlot.take(heartbeat);
      try (ModelLease model = resources.models().lease(r.model(), heartbeat)) {
        compose(r, experts, model.model(), work, out, heartbeat);
      } finally {
        slot.close();
      }
    }
    List<Lineage> parents = new ArrayList<>();
    for (int i = 0; i < r.experts().size(); i++) {
      parents.add(new Lineage(r.experts().get(i).sha256(), "expert:" + r.expertNames().get(i)));
    }
    if (!r.random()) {
      parents.addAll(TrainingData.lineage(r.data()));
    }
    return ArtifactWork.Made.of(out, parents);
  }

  private void compose(TrainMixtureRequest r, Map<String, Path> experts, LanguageModel lm, Path work, Path out,
      Heartbeat heartbeat) {
    List<LoraModules> modules = new ArrayList<>();
    try {
      if (r.jointExperts() > 0) {
        var lora = TrainingSettings.lora(r.lora());
        for (int i = 0; i < r.jointExperts(); i++) {
          modules.add(LoraModules.initialize(lora, lm.config(), lm.manager(), r.router().training().seed() + i));
        }
      } else {
        for (Path dir : experts.values()) {
          var adapter = BadInput.check(() -> PeftFormat.load(dir));
          BadInput.checkRun(() -> PeftFormat.check(adapter, lm.config()));
          modules.add(LoraModules.of(adapter, lm.config(), lm.manager()));
        }
      }
      Routing routing = routing(r, modules.size());
      TrainingOptions options = TrainingSettings.options(r.router().training());
      try (MixtureOfLoras mix = MixtureOfLoras.create(modules, lm.config().layers(), lm.config().hiddenSize(),
          r.layerwise(), routing, options.seed(), lm.manager())) {
        if (!r.random()) {
          train(r, mix, lm, options, work, heartbeat);
        }
        if (r.jointExperts() > 0) {
          // named by the model as the experiment names it, so the content is the same on every worker
          MixtureFormat.saveWithExperts(mix, modules.stream().map(m -> m.toAdapter(r.model())).toList(),
              lm.config().hiddenSize(), out);
        } else {
          MixtureFormat.saveBundled(mix, experts, lm.config().hiddenSize(), out);
        }
      }
    } finally {
      modules.forEach(LoraModules::close);
    }
  }

  private void train(TrainMixtureRequest r, MixtureOfLoras mix, LanguageModel lm, TrainingOptions options, Path work,
      Heartbeat heartbeat) {
    var examples = TrainingData.read(resources.store(), r.data());
    mix.setTrainExperts(r.jointExperts() > 0);
    String trained = r.jointExperts() > 0 ? r.jointExperts() + " joint experts " + r.lora()
        : "experts " + r.experts().stream().map(ArtifactRef::sha256).toList();
    Path checkpoint = work.resolve("checkpoint");
    CurveRecorder curve = new CurveRecorder(resources.db().trainingCurves(), r.experimentId(), r.role(),
        r.recipe().key(), options.checkpointEvery(), heartbeat, checkpoint);
    try {
      new AdapterTrainer(lm, "router over " + trained + " " + mix.routing() + " layerwise " + r.layerwise(), options,
          PromptTemplate.DEFAULT, checkpoint, curve).train(mix, examples);
    } catch (UntrainableDataException e) {
      throw BadInput.failure(r.role() + ": " + e.getMessage());
    }
    curve.flush();
  }

  /** Top-k as requested (0: every expert), renormalised if the router spec says so; random routing is seeded. */
  static Routing routing(TrainMixtureRequest r, int experts) {
    int k = r.topK() == 0 ? experts : r.topK();
    if (r.random()) {
      return Routing.randomTop(k, r.router().training().seed());
    }
    return r.router().renormalize() ? Routing.top(k).renormalized() : Routing.top(k);
  }
}
