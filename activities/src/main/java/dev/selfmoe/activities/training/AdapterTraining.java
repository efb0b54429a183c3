package dev.selfmoe.activities.training;

import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.runtime.ModelLease;
import dev.selfmoe.activities.store.ArtifactWork;
import dev.selfmoe.engine.lora.LoraAdapter;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.train.LoraTrainer;
import dev.selfmoe.engine.train.PromptTemplate;
import dev.selfmoe.engine.train.UntrainableDataException;
import dev.selfmoe.workflows.activity.TrainAdapterRequest;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One LoRA adapter as train-lora makes it, checkpointed in the work directory every {@code checkpoint_every} steps,
 * so a retried activity resumes where the failed attempt's last checkpoint left off.
 */
final class AdapterTraining {
  private final WorkerResources resources;

  AdapterTraining(WorkerResources resources) {
    this.resources = resources;
  }

  ArtifactRef run(TrainAdapterRequest request) {
    try (Heartbeat heartbeat = Heartbeat.start("train " + request.role())) {
      return resources.store().produce(request.recipe(), heartbeat, work -> train(request, work, heartbeat));
    }
  }

  private ArtifactWork.Made train(TrainAdapterRequest request, Path work, Heartbeat heartbeat) {
    Path out = work.resolve("adapter");
    // written atomically, so one that exists is whole: an attempt that died while publishing left it
    if (!Files.isDirectory(out)) {
      var lora = TrainingSettings.lora(request.lora());
      var options = TrainingSettings.options(request.lora().training());
      var examples = TrainingData.read(resources.store(), request.data());
      Path checkpoint = work.resolve("checkpoint");
      CurveRecorder curve = new CurveRecorder(resources.db().trainingCurves(), request.experimentId(), request.role(),
          request.recipe().key(), options.checkpointEvery(), heartbeat, checkpoint);
      TrainingSlot slot = TrainingSlot.take(heartbeat);
      try (ModelLease model = resources.models().lease(request.model(), heartbeat)) {
        LoraTrainer.Result r;
        try {
          r = new LoraTrainer(model.model(), lora, options, PromptTemplate.DEFAULT, checkpoint, curve).train(examples);
        } catch (UntrainableDataException e) {
          throw BadInput.failure(request.role() + ": " + e.getMessage());
        }
        curve.flush();
        // named by the model as the experiment names it, not this worker's path to it, so the content (and its
        // sha256) is the same whichever worker trains it
        LoraAdapter adapter = new LoraAdapter(r.adapter().config(), request.model(), r.adapter().factors());
        PeftFormat.save(adapter, out);
      } finally {
        slot.close();
      }
    }
    return ArtifactWork.Made.of(out, TrainingData.lineage(request.data()));
  }
}
