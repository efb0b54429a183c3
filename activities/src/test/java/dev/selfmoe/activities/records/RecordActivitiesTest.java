package dev.selfmoe.activities.records;

import static dev.selfmoe.activities.ActivityEnv.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.activities.ActivityEnv;
import dev.selfmoe.activities.SharedWorker;
import dev.selfmoe.activities.TinySpec;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.store.ArtifactWork;
import dev.selfmoe.db.EvaluationRow;
import dev.selfmoe.db.ExperimentRow;
import dev.selfmoe.db.ExperimentStatus;
import dev.selfmoe.db.RoutingRow;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.workflows.activity.ExperimentStart;
import dev.selfmoe.workflows.activity.RecordActivities;
import dev.selfmoe.workflows.activity.RoleArtifact;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedWorker.class)
class RecordActivitiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  ActivityEnv env;
  RecordActivities records;

  @BeforeEach
  void start(WorkerResources resources) {
    env = new ActivityEnv(new RecordActivitiesImpl(resources));
    records = env.stub(RecordActivities.class);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anExperimentOfASweepRunsAndFinishes(WorkerResources r) throws Exception {
    records.registerSweep("sweep-records", "top-k", "{\"sweep\": {\"axes\": {}}}");
    records.startExperiment(new ExperimentStart("records-test", TinySpec.spec(21), "hash-21", "sweep-records",
        "top_k=1"));
    ExperimentRow running = r.db().experiments().find("records-test").orElseThrow();
    assertEquals(ExperimentStatus.RUNNING, running.status());
    assertEquals("sweep-records", running.sweepId());
    assertEquals("top_k=1", running.cellLabel());
    assertEquals("hash-21", running.specHash());
    assertEquals("activities-test", JSON.readTree(running.specJson()).get("name").asText());
    assertNull(running.finishedAt());

    records.finishExperiment("records-test", "completed");
    ExperimentRow done = r.db().experiments().find("records-test").orElseThrow();
    assertEquals(ExperimentStatus.COMPLETED, done.status());
    assertNotNull(done.finishedAt());
    assertTrue(assertBadInput(() -> records.finishExperiment("records-test", "done")).getOriginalMessage()
        .startsWith("unknown experiment status 'done'"));
  }

  @Test
  void artifactsAreLinkedUnderTheirRoles(WorkerResources r) {
    records.startExperiment(new ExperimentStart("records-links", TinySpec.spec(22), "hash-22", null, null));
    ArtifactRef a = r.store().produce(Recipe.of("test-data", Map.of("test", "link")), Heartbeat.none(),
        work -> ArtifactWork.Made.of(Files.writeString(work.resolve("a.txt"), "a"), List.of()));
    records.linkArtifacts("records-links", List.of(new RoleArtifact("expert:math", a)));
    var linked = r.db().artifacts().ofExperiment("records-links");
    assertEquals(1, linked.size());
    assertEquals("expert:math", linked.get(0).role());
    assertEquals(a.sha256(), linked.get(0).sha256());
  }

  /** Weights are averaged over layers by tokens: 10 tokens at 0.8 and 30 at 0.4 average to 0.5. */
  @Test
  void routingAnalysisAveragesLayersByTokens(WorkerResources r) throws Exception {
    SelfmoeDatabase db = r.db();
    records.startExperiment(new ExperimentStart("records-routing", TinySpec.spec(23), "hash-23", null, null));
    for (String benchmark : List.of("mmlu", "gsm8k")) {
      String key = Recipe.sha256("routing " + benchmark);
      db.evaluations().recordEvaluation(new EvaluationRow(key, benchmark, 0, 4, 0, 0.5, 4, 0.0, 1.0, null),
          List.of());
      db.routing().record(key, List.of(
          new RoutingRow(0, 0, "math", 0.8, 1.0, 10), new RoutingRow(0, 1, "knowledge", 0.2, 0.0, 10),
          new RoutingRow(1, 0, "math", 0.4, 0.0, 30), new RoutingRow(1, 1, "knowledge", 0.6, 1.0, 30)));
      db.evaluations().linkEvaluation("records-routing", "mixse-top1", benchmark, 0, key);
    }
    List<String> keys = List.of(Recipe.sha256("routing mmlu"), Recipe.sha256("routing gsm8k"));
    ArtifactRef analysis = records.analyzeRouting("records-routing", keys);

    JsonNode json = JSON.readTree(r.store().objectPath(analysis.sha256()).resolve("routing.json").toFile());
    assertEquals(keys.get(0), json.get("evaluations").get(0).asText());
    JsonNode variant = json.get("variants").get(0);
    assertEquals(List.of("math", "knowledge"), List.of(variant.get("experts").get(0).asText(),
        variant.get("experts").get(1).asText()));
    JsonNode gsm8k = variant.get("benchmarks").get(0);
    assertEquals("gsm8k", gsm8k.get("benchmark").asText(), "benchmarks sorted");
    JsonNode math = gsm8k.get("experts").get(0);
    assertEquals(0.5, math.get("mean_weight").asDouble(), 1e-12);
    assertEquals(0.25, math.get("top1_share").asDouble(), 1e-12);
    assertEquals(40, math.get("tokens").asLong());
    JsonNode layer1 = gsm8k.get("layers").get(1);
    assertEquals(1, layer1.get("layer").asInt());
    assertEquals(0.6, layer1.get("experts").get(1).get("mean_weight").asDouble(), 1e-12);

    String svg = Files.readString(r.store().objectPath(analysis.sha256()).resolve("routing.svg"));
    assertEquals(4, svg.split("<title>").length - 1, "a bar per benchmark and expert");
    assertTrue(svg.contains("Mean routing weight per expert: mixse-top1"));

    ArtifactRef again = records.analyzeRouting("records-routing", keys);
    assertTrue(again.reused());
  }
}
