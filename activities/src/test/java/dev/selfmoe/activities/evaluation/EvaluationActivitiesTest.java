package dev.selfmoe.activities.evaluation;

import static dev.selfmoe.activities.ActivityEnv.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.activities.ActivityEnv;
import dev.selfmoe.activities.Rows;
import dev.selfmoe.activities.SharedArtifacts;
import dev.selfmoe.activities.SharedWorker;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.records.RecordActivitiesImpl;
import dev.selfmoe.db.EvaluationItemRow;
import dev.selfmoe.db.EvaluationRow;
import dev.selfmoe.db.ResultRow;
import dev.selfmoe.db.RoutingSummaryRow;
import dev.selfmoe.workflows.activity.EvaluateRequest;
import dev.selfmoe.workflows.activity.EvaluationActivities;
import dev.selfmoe.workflows.activity.EvaluationSummary;
import dev.selfmoe.workflows.activity.ExperimentStart;
import dev.selfmoe.workflows.activity.ModelVariantRef;
import dev.selfmoe.workflows.activity.RecordActivities;
import dev.selfmoe.workflows.recipe.ArtifactKinds;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.BenchmarkSpec;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.VariantKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedWorker.class)
class EvaluationActivitiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ExperimentSpec SPEC = SharedArtifacts.SPEC;
  static final BenchmarkSpec MMLU = new BenchmarkSpec("mmlu", 4, -1, 0);
  ActivityEnv env;
  EvaluationActivities evaluation;
  RecordActivities records;

  @BeforeEach
  void start(WorkerResources resources) {
    env = new ActivityEnv(new EvaluationActivitiesImpl(resources), new RecordActivitiesImpl(resources));
    evaluation = env.stub(EvaluationActivities.class);
    records = env.stub(RecordActivities.class);
    for (String id : List.of("eval-test", "eval-test-again")) {
      records.startExperiment(new ExperimentStart(id, SPEC, "spec-hash", null, null));
    }
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static EvaluateRequest request(String experimentId, ModelVariantRef variant, BenchmarkSpec benchmark) {
    List<String> onTop = variant.artifact() == null ? List.of() : List.of(variant.artifact().recipeKey());
    return new EvaluateRequest(Recipes.evaluation(SPEC, onTop, variant.topK(), benchmark, null), experimentId,
        variant, SPEC.model(), SPEC.data(), benchmark, 0, null, 4, null);
  }

  @Test
  void theBaseModelOnTinyMmluIsStoredWithItsItemsAndLinked(WorkerResources r) {
    EvaluateRequest request = request("eval-test", ModelVariantRef.base(), MMLU);
    EvaluationSummary s = evaluation.evaluate(request);

    assertEquals(4, s.n());
    assertFalse(s.reused());
    assertTrue(s.computeSeconds() > 0);
    assertTrue(s.ciLow() <= s.score() && s.score() <= s.ciHigh());
    EvaluationRow row = r.db().evaluations().find(s.evalKey()).orElseThrow();
    assertEquals(new EvaluationRow(request.recipe().key(), "mmlu", 0, 4, 0, s.score(), 4, s.ciLow(), s.ciHigh(),
        row.subScoresJson()), row);
    List<EvaluationItemRow> items = r.db().evaluations().itemsOf(s.evalKey());
    assertEquals(4, items.size());
    for (EvaluationItemRow item : items) {
      assertTrue(item.prompt().startsWith("The following are multiple choice questions"), item.prompt());
      assertTrue(List.of("A", "B", "C", "D").contains(item.target().strip()), item.target());
    }
    assertTrue(r.db().evaluations().resultsOf("eval-test").stream()
        .anyMatch(x -> x.variant().equals("base") && x.benchmark().equals("mmlu") && x.draw() == 0));

    long stored = Rows.count(r.db(), "evaluation_item");
    EvaluationSummary again = evaluation.evaluate(request("eval-test-again", ModelVariantRef.base(), MMLU));
    assertTrue(again.reused());
    assertEquals(0, again.computeSeconds());
    assertEquals(s.score(), again.score());
    assertEquals(stored, Rows.count(r.db(), "evaluation_item"), "nothing evaluated again");
    List<ResultRow> linked = r.db().evaluations().resultsOf("eval-test-again");
    assertEquals(1, linked.size(), "the stored evaluation is linked to the other experiment");
  }

  @Test
  void aMixtureRecordsRoutingPerLayerAndExpertAndTheAnalysisDrawsIt(WorkerResources r) throws Exception {
    ArtifactRef mixture = SharedArtifacts.mixture(r);
    ModelVariantRef variant = new ModelVariantRef("mixse-top1", VariantKind.MIXSE, mixture, 1);
    EvaluationSummary s = evaluation.evaluate(request("eval-test", variant, MMLU));
    assertEquals(4, s.n());

    long layers = 5;
    assertEquals(String.valueOf(layers * 2), r.db().sql("SELECT count(*) FROM routing_stat WHERE eval_key = '"
        + s.evalKey() + "'").rows().get(0).get(0), "one row per layer and expert");
    List<RoutingSummaryRow> routing = r.db().routing().byBenchmark("eval-test");
    assertEquals(List.of("math", "knowledge"), routing.stream().map(RoutingSummaryRow::expertName).toList());
    double top1 = 0;
    for (RoutingSummaryRow row : routing) {
      assertEquals("mixse-top1", row.variant());
      assertTrue(row.tokens() > 0 && row.meanWeight() >= 0 && row.meanWeight() <= 1, row::toString);
      top1 += row.top1Share();
    }
    assertEquals(1, top1, 1e-9, "every token has one top expert");

    r.db().sql("DELETE FROM routing_stat WHERE eval_key = '" + s.evalKey() + "'");
    EvaluationSummary completed = evaluation.evaluate(request("eval-test", variant, MMLU));
    assertFalse(completed.reused(), "an evaluation cut short before its routing rows is run again");
    assertEquals(s.score(), completed.score());
    assertEquals(String.valueOf(layers * 2), r.db().sql("SELECT count(*) FROM routing_stat WHERE eval_key = '"
        + s.evalKey() + "'").rows().get(0).get(0));

    ArtifactRef analysis = records.analyzeRouting("eval-test", List.of(s.evalKey()));
    assertEquals(ArtifactKinds.ROUTING_ANALYSIS, analysis.kind());
    Path dir = r.store().objectPath(analysis.sha256());
    JsonNode json = JSON.readTree(dir.resolve("routing.json").toFile());
    JsonNode mmlu = json.get("variants").get(0).get("benchmarks").get(0);
    assertEquals("mixse-top1", json.get("variants").get(0).get("variant").asText());
    assertEquals("mmlu", mmlu.get("benchmark").asText());
    assertEquals(2, mmlu.get("experts").size());
    assertEquals(layers, mmlu.get("layers").size());
    String svg = Files.readString(dir.resolve("routing.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains(">mmlu<") && svg.contains(">math<"), svg);
  }

  @Test
  void anUnknownBenchmarkIsBadInput() {
    BenchmarkSpec unknown = new BenchmarkSpec("nosuch", 4, -1, 0);
    assertTrue(assertBadInput(() -> evaluation.evaluate(request("eval-test", ModelVariantRef.base(), unknown)))
        .getOriginalMessage().startsWith("unknown benchmark 'nosuch'"));
  }
}
