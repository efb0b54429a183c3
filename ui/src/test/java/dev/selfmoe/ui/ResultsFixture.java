package dev.selfmoe.ui;

import dev.selfmoe.db.CurvePoint;
import dev.selfmoe.db.EvaluationItemRow;
import dev.selfmoe.db.EvaluationRow;
import dev.selfmoe.db.ExperimentStatus;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.db.RoutingRow;
import dev.selfmoe.db.SelfmoeDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A small results database written through the stores the activities use: one experiment with three variants on two
 * benchmarks (items chosen so that the counts are easy to check by hand), its artifacts, curves, routing and
 * synthetic-data counts, and a three-cell sweep over the synthetic-data size whose cell-4 still runs.
 */
final class ResultsFixture {
  static final String EXPERIMENT = "exp-1";
  static final String SWEEP = "sweep-size";
  /** An item prompt a page must show as text, never run. */
  static final String HOSTILE_PROMPT = "Which is larger? <script>window.pwned = 1</script> & </pre> 2 or 3";

  private ResultsFixture() {}

  static void fill(SelfmoeDatabase db) {
    db.experiments().upsertExperiment(EXPERIMENT, "fixture", "{\"name\": \"fixture\"}", "hash-1", null, null);
    String data = artifact(db, "synthetic-data", "data-math", "{\"kind\": \"synthetic-data\", \"inputs\": {\"domain\":"
        + " \"math\", \"samples\": 4}}", List.of());
    String expert = artifact(db, "adapter", "expert-math", "{\"kind\": \"adapter\", \"inputs\": {\"lora\": {\"rank\":"
        + " 8, \"alpha\": 16.0}, \"data\": [\"" + key("data-math") + "\"]}}", List.of(new Lineage(data, "data")));
    String mixture = artifact(db, "mixture", "mixture-top1", "{\"kind\": \"mixture\", \"inputs\": {\"experts\": [\""
        + key("expert-math") + "\"], \"top_k\": 1, \"router\": {\"lr\": 0.0003}}}", List.of(new Lineage(expert,
        "expert:math")));
    db.artifacts().linkToExperiment(EXPERIMENT, "data:math", data);
    db.artifacts().linkToExperiment(EXPERIMENT, "expert:math", expert);
    db.artifacts().linkToExperiment(EXPERIMENT, "mixture:mixse-top1", mixture);
    db.syntheticData().recordStats(data, "math", 4, Map.of("duplicate", 2, "format", 1));

    db.experiments().recordVariant(EXPERIMENT, "base", "base", null, 0);
    db.experiments().recordVariant(EXPERIMENT, "expert:math", "expert", key("expert-math"), 0);
    db.experiments().recordVariant(EXPERIMENT, "mixse-top1", "mixse", key("mixture-top1"), 1);

    // mmlu: base right on items 0 and 3, mixse on 0 and 1 (gains 1, loses 3), the expert on none
    evaluate(db, EXPERIMENT, "base", "mmlu", 0, true, false, false, true);
    evaluate(db, EXPERIMENT, "mixse-top1", "mmlu", 0, true, true, false, false);
    evaluate(db, EXPERIMENT, "expert:math", "mmlu", 0, false, false, false, false);
    evaluate(db, EXPERIMENT, "base", "gsm8k", 0, false, true);
    evaluate(db, EXPERIMENT, "mixse-top1", "gsm8k", 0, true, true);
    evaluate(db, EXPERIMENT, "expert:math", "gsm8k", 0, true, false);

    db.trainingCurves().recordRun(EXPERIMENT, "expert:math", key("expert-math"));
    db.trainingCurves().recordSteps(key("expert-math"), List.of(new CurvePoint(1, 2.5, 3e-4, 100.0),
        new CurvePoint(2, 2.1, 3e-4, 110.0), new CurvePoint(3, 1.8, 3e-4, 105.0)));
    db.trainingCurves().recordSteps(key("mixture-top1"), List.of(new CurvePoint(1, 1.9, 3e-4, 90.0)));
    String routedMmlu = evalKey(EXPERIMENT, "mixse-top1", "mmlu", 0);
    db.routing().record(routedMmlu, List.of(new RoutingRow(0, 0, "math", 0.75, 0.9, 100),
        new RoutingRow(1, 0, "math", 0.25, 0.1, 100)));
    db.experiments().setStatus(EXPERIMENT, ExperimentStatus.COMPLETED);

    db.experiments().upsertSweep("sweep-new", "still training its shared experts", "{}");
    db.experiments().upsertSweep(SWEEP, "data size", "{}");
    int cell = 0;
    for (int samples : new int[] {4, 1, 2}) {
      String id = SWEEP + "/cell-" + samples; // as the sweep workflow names its cells
      db.experiments().upsertExperiment(id, "size-" + samples, "{}", "hash-" + id, SWEEP,
          "synthetic.samples=" + samples + ",variants=mixse-top1");
      boolean[] right = new boolean[4];
      for (int i = 0; i <= cell; i++) {
        right[i] = true;
      }
      evaluate(db, id, "mixse-top1", "mmlu", 0, right);
      if (samples != 4) {
        db.experiments().setStatus(id, ExperimentStatus.COMPLETED);
      }
      cell++;
    }
  }

  static String evalKey(String experiment, String variant, String benchmark, int draw) {
    return key(experiment + "/" + variant + "/" + benchmark + "/" + draw);
  }

  /** A recipe key, as the activities make them: a sha256. */
  static String key(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String artifact(SelfmoeDatabase db, String kind, String name, String recipe, List<Lineage> parents) {
    String sha = key("content of " + name);
    db.artifacts().recordArtifact(sha, kind, 10, "file:///" + name, key(name), recipe, parents);
    return sha;
  }

  private static void evaluate(SelfmoeDatabase db, String experiment, String variant, String benchmark, int draw,
      boolean... correct) {
    String evalKey = evalKey(experiment, variant, benchmark, draw);
    List<EvaluationItemRow> items = new ArrayList<>();
    int right = 0;
    for (int i = 0; i < correct.length; i++) {
      right += correct[i] ? 1 : 0;
      items.add(new EvaluationItemRow(i, benchmark + "-" + i, "group", i == 2 ? HOSTILE_PROMPT : "Question " + i,
          variant + " says " + (correct[i] ? "A" : "B"), correct[i] ? "A" : "B", "A", correct[i], correct[i] ? 1 : 0));
    }
    double score = (double) right / correct.length;
    db.evaluations().recordEvaluation(new EvaluationRow(evalKey, benchmark, 0, correct.length, 0, score,
        correct.length, Math.max(0, score - 0.25), Math.min(1, score + 0.25), null), items);
    db.evaluations().linkEvaluation(experiment, variant, benchmark, draw, evalKey);
  }
}
