package dev.selfmoe.activities.training;

import static dev.selfmoe.activities.ActivityEnv.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.activities.ActivityEnv;
import dev.selfmoe.activities.SharedArtifacts;
import dev.selfmoe.activities.SharedWorker;
import dev.selfmoe.activities.TinySpec;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.runtime.ModelLease;
import dev.selfmoe.db.CurvePoint;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.engine.attach.Attachment;
import dev.selfmoe.engine.lora.LoraTarget;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.mixse.MixtureFormat;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.LayerWeights;
import dev.selfmoe.engine.train.TrainingCheckpoint;
import dev.selfmoe.workflows.activity.MergeRequest;
import dev.selfmoe.workflows.activity.TrainAdapterRequest;
import dev.selfmoe.workflows.activity.TrainMixtureRequest;
import dev.selfmoe.workflows.activity.TrainingActivities;
import dev.selfmoe.workflows.recipe.ArtifactKinds;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.LoraSpec;
import dev.selfmoe.workflows.spec.TrainingSpec;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedWorker.class)
class TrainingActivitiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  ActivityEnv env;
  TrainingActivities training;

  @BeforeEach
  void start(WorkerResources resources) {
    env = new ActivityEnv(new TrainingActivitiesImpl(resources));
    training = env.stub(TrainingActivities.class);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anExpertIsAPeftAdapterWithItsCurveAndIsReused(WorkerResources r) throws Exception {
    ArtifactRef data = SharedArtifacts.data(r, "math");
    TrainAdapterRequest request = TinySpec.adapter(SharedArtifacts.SPEC, "training-test", "expert:math",
        List.of(data));
    ArtifactRef expert = training.trainAdapter(request);

    assertEquals(ArtifactKinds.ADAPTER, expert.kind());
    Path dir = r.store().objectPath(expert.sha256());
    var adapter = PeftFormat.load(dir);
    assertEquals(2, adapter.config().rank());
    assertEquals(SharedArtifacts.SPEC.model(), adapter.baseModel(), "named as the experiment names the model");
    try (ModelLease model = r.models().lease(SharedArtifacts.SPEC.model(), Heartbeat.none());
        Attachment attached = Attachment.adapter(model.model(), dir)) {
      assertTrue(model.model().transformer().adapter() != null);
      assertEquals(List.of(), attached.expertNames());
    }
    assertEquals(List.of(1, 2, 3, 4), steps(r, request.recipe()));
    assertEquals(List.of(new Lineage(data.sha256(), "data")), r.db().artifacts().parentsOf(expert.sha256()));

    ArtifactRef again = training.trainAdapter(request);
    assertTrue(again.reused());
    assertEquals(expert.sha256(), again.sha256());
  }

  @Test
  void aCancelledTrainingResumesFromItsCheckpoint(WorkerResources r) throws Exception {
    ArtifactRef data = SharedArtifacts.data(r, "math");
    TrainingSpec t = SharedArtifacts.SPEC.lora().training();
    LoraSpec longer = new LoraSpec(2, 4, SharedArtifacts.SPEC.lora().targets(), new TrainingSpec(t.learningRate(),
        3, t.batchSize(), t.microBatchSize(), t.maxLength(), 10, 0, "constant", t.seed(), 1));
    Recipe recipe = Recipes.adapter(SharedArtifacts.SPEC.model(), longer, List.of(data.recipeKey()));
    TrainAdapterRequest request = new TrainAdapterRequest(recipe, "training-test", "expert:resumed",
        SharedArtifacts.SPEC.model(), List.of(data), longer);

    try (ActivityEnv first = new ActivityEnv(new TrainingActivitiesImpl(r))) {
      first.onHeartbeat(p -> {
        if (p.phase().startsWith("train") && p.done() >= 1) {
          first.cancel();
        }
      });
      TrainingActivities stub = first.stub(TrainingActivities.class, Duration.ofMillis(200));
      assertThrows(CanceledFailure.class, () -> stub.trainAdapter(request));
    }
    Path checkpoint = r.store().root().resolve("work").resolve(recipe.key()).resolve("checkpoint");
    TrainingCheckpoint saved = TrainingCheckpoint.load(checkpoint);
    assertTrue(saved != null && saved.step() >= 1 && saved.step() < 10, "the cancelled run left its checkpoint");

    try (ActivityEnv retry = new ActivityEnv(new TrainingActivitiesImpl(r))) {
      ArtifactRef resumed = retry.stub(TrainingActivities.class, Duration.ofMillis(200)).trainAdapter(request);
      assertFalse(resumed.reused());
      List<ActivityProgress> steps = retry.heartbeats().stream()
          .filter(p -> p.figures().containsKey("resumed_from_step")).toList();
      assertFalse(steps.isEmpty(), "the retry reported its steps");
      for (ActivityProgress p : steps) {
        assertEquals(saved.step(), ((Number) p.figures().get("resumed_from_step")).intValue());
        assertTrue(p.done() > saved.step(), "the retry starts past the checkpoint: " + p);
      }
      PeftFormat.load(r.store().objectPath(resumed.sha256()));
    }
    assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), steps(r, recipe), "every step once");
    assertFalse(Files.exists(checkpoint), "the published run's work is cleared");
  }

  @Test
  void mixturesTrainedRandomAndJointLoadWithTheirRouting(WorkerResources r) throws Exception {
    List<ArtifactRef> experts = SharedArtifacts.experts(r);
    List<ArtifactRef> data = SharedArtifacts.data(r);
    ArtifactRef trained = SharedArtifacts.mixture(r);
    TrainMixtureRequest randomRequest = TinySpec.mixture(SharedArtifacts.SPEC, "training-test", experts,
        SharedArtifacts.DOMAINS, 0, data, 1, true);
    ArtifactRef random = training.trainMixture(randomRequest);
    TrainMixtureRequest jointRequest = TinySpec.mixture(SharedArtifacts.SPEC, "training-test", List.of(),
        SharedArtifacts.DOMAINS, 2, data, 1, false);
    ArtifactRef joint = training.trainMixture(jointRequest);

    for (ArtifactRef m : List.of(trained, random, joint)) {
      assertEquals(ArtifactKinds.MIXTURE, m.kind());
    }
    Path trainedDir = r.store().objectPath(trained.sha256());
    assertTrue(Files.isRegularFile(trainedDir.resolve("experts/math/adapter_model.safetensors")),
        "experts are bundled under their names");
    assertEquals(List.of("experts/math", "experts/knowledge"), experts(trainedDir));
    assertEquals(List.of("experts/expert-0", "experts/expert-1"), experts(r.store().objectPath(joint.sha256())));
    JsonNode randomConfig = JSON.readTree(r.store().objectPath(random.sha256()).resolve(MixtureFormat.CONFIG)
        .toFile());
    assertTrue(randomConfig.get("random").asBoolean());
    assertEquals(SharedArtifacts.SPEC.router().training().seed(), randomConfig.get("random_seed").asLong());

    try (ModelLease model = r.models().lease(SharedArtifacts.SPEC.model(), Heartbeat.none())) {
      for (ArtifactRef m : List.of(trained, random, joint)) {
        try (Attachment a = Attachment.mixture(model.model(), r.store().objectPath(m.sha256()), null)) {
          assertEquals(m == joint ? List.of("expert-0", "expert-1") : SharedArtifacts.DOMAINS, a.expertNames());
        }
      }
    }
    assertEquals(List.of(1, 2, 3), steps(r, jointRequest.recipe()));
    assertEquals(List.of(), steps(r, randomRequest.recipe()), "random routing trains nothing");
    assertEquals(2, r.db().artifacts().parentsOf(random.sha256()).size(), "its experts, no data");
    assertEquals(4, r.db().artifacts().parentsOf(trained.sha256()).size(), "experts and data");
  }

  @Test
  void tiesAndDareMergesLoad(WorkerResources r) throws Exception {
    List<ArtifactRef> experts = SharedArtifacts.experts(r);
    for (String method : List.of("ties", "dare")) {
      ArtifactRef merged = training.mergeExperts(TinySpec.merge(SharedArtifacts.SPEC, "training-test", method,
          experts));
      assertEquals(ArtifactKinds.MERGED, merged.kind());
      Path dir = r.store().objectPath(merged.sha256());
      JsonNode config = JSON.readTree(dir.resolve("merge_config.json").toFile());
      assertEquals(method.equals("dare") ? "dare-ties" : "ties", config.get("method").asText());
      assertEquals(experts.get(0).sha256(), config.get("experts").get(0).asText());
      try (ModelLease model = r.models().lease(SharedArtifacts.SPEC.model(), Heartbeat.none())) {
        List<float[]> base = linearWeights(model.model());
        try (Attachment attached = Attachment.merged(model.model(), dir)) {
          List<float[]> merging = linearWeights(model.model());
          assertTrue(IntStream.range(0, base.size()).anyMatch(i -> !Arrays.equals(base.get(i), merging.get(i))),
              "the merge is in the weights while attached");
          assertEquals(List.of(), attached.expertNames());
        }
        List<float[]> after = linearWeights(model.model());
        IntStream.range(0, base.size()).forEach(i -> assertArrayEquals(base.get(i), after.get(i), "restored"));
      }
      assertEquals(List.of(new Lineage(experts.get(0).sha256(), "expert:0"),
          new Lineage(experts.get(1).sha256(), "expert:1")), r.db().artifacts().parentsOf(merged.sha256()));
    }
  }

  @Test
  void inconsistentRequestsAreBadInput(WorkerResources r) {
    List<ArtifactRef> experts = SharedArtifacts.experts(r);
    MergeRequest m = TinySpec.merge(SharedArtifacts.SPEC, "training-test", "linear", experts);
    assertTrue(assertBadInput(() -> training.mergeExperts(m)).getOriginalMessage()
        .contains("unknown merge method 'linear'"));
    // fresh recipes: a request matching a stored artifact's recipe is answered from the store without a look
    TrainMixtureRequest m2 = TinySpec.mixture(SharedArtifacts.SPEC, "training-test", experts, List.of("math"), 0,
        SharedArtifacts.data(r), 1, false);
    TrainMixtureRequest oneName = new TrainMixtureRequest(Recipe.of(ArtifactKinds.MIXTURE, Map.of("test", "names")),
        m2.experimentId(), m2.role(), m2.model(), m2.experts(), m2.expertNames(), 0, m2.lora(), m2.data(),
        m2.router(), 1, false, false);
    assertTrue(assertBadInput(() -> training.trainMixture(oneName)).getOriginalMessage()
        .contains("1 expert names for 2 experts"));
    TrainAdapterRequest a = TinySpec.adapter(SharedArtifacts.SPEC, "training-test", "expert:math",
        List.of(SharedArtifacts.data(r, "math")));
    TrainAdapterRequest noModel = new TrainAdapterRequest(Recipe.of(ArtifactKinds.ADAPTER, Map.of("test", "model")),
        a.experimentId(), a.role(), "/no/such/model.gguf", a.data(), a.lora());
    assertTrue(assertBadInput(() -> training.trainAdapter(noModel)).getOriginalMessage()
        .contains("model file not found"));
  }

  private static List<Integer> steps(WorkerResources r, Recipe recipe) {
    return r.db().trainingCurves().of(recipe.key()).stream().map(CurvePoint::step).toList();
  }

  private static List<String> experts(Path mixture) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(mixture.resolve(MixtureFormat.CONFIG).toFile()).get("experts").forEach(e -> out.add(e.asText()));
    return out;
  }

  private static List<float[]> linearWeights(LanguageModel model) {
    List<float[]> all = new ArrayList<>();
    for (LayerWeights layer : model.transformer().weights().layers) {
      for (LoraTarget target : LoraTarget.values()) {
        all.add(layer.linear(target).toFloatArray());
      }
    }
    return all;
  }
}
