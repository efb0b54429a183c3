package dev.selfmoe.activities.data;

import static dev.selfmoe.activities.ActivityEnv.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.activities.ActivityEnv;
import dev.selfmoe.activities.Rows;
import dev.selfmoe.activities.SharedWorker;
import dev.selfmoe.activities.TinySpec;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.engine.selfspec.DropReason;
import dev.selfmoe.engine.train.InstructionData;
import dev.selfmoe.workflows.activity.DataActivities;
import dev.selfmoe.workflows.activity.SynthesizeRequest;
import dev.selfmoe.workflows.recipe.ArtifactKinds;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.SeedSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedWorker.class)
class DataActivitiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  ActivityEnv env;
  DataActivities data;

  @BeforeEach
  void start(WorkerResources resources) {
    env = new ActivityEnv(new DataActivitiesImpl(resources));
    data = env.stub(DataActivities.class);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void selfSpecializationPublishesJsonlWithStatsAndIsReusedTheSecondTime(WorkerResources r) throws Exception {
    SynthesizeRequest request = TinySpec.synthesize(TinySpec.spec(11), "data-test", "math", false);
    ArtifactRef made = data.synthesize(request);

    assertFalse(made.reused());
    assertEquals(ArtifactKinds.SYNTHETIC_DATA, made.kind());
    assertEquals(request.recipe().key(), made.recipeKey());
    assertTrue(made.computeSeconds() > 0);
    Path file = r.store().objectPath(made.sha256());
    List<String> lines = Files.readAllLines(file);
    assertTrue(!lines.isEmpty() && lines.size() <= 3, lines.toString());
    assertEquals(lines.size(), InstructionData.read(file).size(), "training reads it as it is");
    assertEquals("math", JSON.readTree(lines.get(0)).get("domain").asText());

    Map<String, Integer> outcomes = r.db().syntheticData().outcomesOf(made.sha256());
    assertEquals(lines.size(), outcomes.get("kept"));
    for (DropReason reason : DropReason.values()) {
      assertTrue(outcomes.containsKey(reason.name().toLowerCase()), "every reason is recorded: " + outcomes);
    }
    assertTrue(env.heartbeats().stream().anyMatch(p -> p.phase().equals("self-specialization")
        && p.figures().containsKey("dropped_near_duplicate")), "progress carries kept and dropped counts");

    long artifacts = Rows.count(r.db(), "artifact");
    long stats = Rows.count(r.db(), "synthetic_data_stats");
    ArtifactRef again = data.synthesize(request);
    assertTrue(again.reused());
    assertEquals(0, again.computeSeconds());
    assertEquals(made.sha256(), again.sha256());
    assertEquals(artifacts, Rows.count(r.db(), "artifact"));
    assertEquals(stats, Rows.count(r.db(), "synthetic_data_stats"));
  }

  @Test
  void seedsOnlyPublishesTheDrawnSeedsAsInstructionData(WorkerResources r) throws Exception {
    ArtifactRef seeds = data.synthesize(TinySpec.synthesize(TinySpec.spec(11), "data-test", "knowledge", true));
    assertEquals(ArtifactKinds.SEED_DATA, seeds.kind());
    Path file = r.store().objectPath(seeds.sha256());
    List<String> lines = Files.readAllLines(file);
    assertEquals(12, lines.size());
    JsonNode first = JSON.readTree(lines.get(0));
    assertTrue(first.get("instruction").isTextual() && first.get("input").asText().startsWith("A. "), first::toString);
    assertTrue(first.get("output").asText().startsWith("The answer is "), first::toString);
    assertTrue(first.get("seed_id").asText().startsWith("mmlu/"), first::toString);
    assertEquals(12, InstructionData.read(file).size());
  }

  @Test
  void aMissingModelIsBadInput() {
    ExperimentSpec spec = TinySpec.spec(12);
    SynthesizeRequest r = TinySpec.synthesize(spec, "data-test", "math", false);
    SynthesizeRequest noModel = new SynthesizeRequest(r.recipe(), r.experimentId(), "/no/such/model.gguf", r.data(),
        r.domain(), r.seeds(), r.synthetic(), r.seed(), false);
    assertTrue(assertBadInput(() -> data.synthesize(noModel)).getOriginalMessage()
        .contains("model file not found: /no/such/model.gguf"));
  }

  @Test
  void aMalformedSeedFileIsBadInput(@TempDir Path temp) throws Exception {
    Path seeds = Files.writeString(temp.resolve("seeds.jsonl"),
        "{\"instruction\": \"Add 2 and 2.\", \"output\": \"4\"}\nnot json\n");
    SynthesizeRequest r = TinySpec.synthesize(TinySpec.spec(13), "data-test", "math", false);
    SynthesizeRequest own = new SynthesizeRequest(Recipe.of("synthetic-data", Map.of("seeds", seeds.toString())),
        r.experimentId(), r.model(), r.data(), "math", new SeedSpec(100, 0, Map.of("math", seeds.toString())),
        r.synthetic(), r.seed(), false);
    assertTrue(assertBadInput(() -> data.synthesize(own)).getOriginalMessage()
        .contains(seeds + ":2: not valid JSON"));
  }

  @Test
  void aMissingDataRootIsBadInput(@TempDir Path temp) {
    SynthesizeRequest r = TinySpec.synthesize(TinySpec.spec(14), "data-test", "math", true);
    SynthesizeRequest noData = new SynthesizeRequest(r.recipe(), r.experimentId(), r.model(),
        temp.resolve("absent").toString(), r.domain(), r.seeds(), r.synthetic(), r.seed(), true);
    assertTrue(assertBadInput(() -> data.synthesize(noData)).getOriginalMessage()
        .startsWith("benchmark data not found at "));
  }
}
