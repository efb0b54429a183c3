package dev.selfmoe.activities.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.db.EvaluationItemRow;
import dev.selfmoe.db.EvaluationRow;
import dev.selfmoe.db.RoutingRow;
import dev.selfmoe.engine.eval.EvaluationResult;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.mixse.RoutingTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** An engine evaluation (and a mixture's routing trace) as database rows. */
final class EvaluationRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluationRows() {}

  /**
   * {@code limit} 0 (every item) is stored as no limit; {@code fewShotSeed} null (the harness's fixed exemplars) as
   * draw seed 0.
   */
  static EvaluationRow evaluation(String evalKey, EvaluationResult r, int shots, int limit, Long fewShotSeed) {
    try {
      return new EvaluationRow(evalKey, r.name(), shots, limit > 0 ? limit : null,
          fewShotSeed == null ? 0 : fewShotSeed, r.score(), r.n(), r.ciLow(), r.ciHigh(),
          JSON.writeValueAsString(new TreeMap<>(r.subScores())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("sub-scores of " + r.name() + " are not serialisable", e);
    }
  }

  static List<EvaluationItemRow> items(EvaluationResult r) {
    List<EvaluationItemRow> rows = new ArrayList<>();
    for (int i = 0; i < r.items().size(); i++) {
      ItemRecord item = r.items().get(i);
      rows.add(new EvaluationItemRow(i, item.id(), item.group(), item.prompt(), nonNull(item.output()),
          item.extracted(), nonNull(item.target()), item.correct(), item.score()));
    }
    return rows;
  }

  /** One row per layer and expert: mean weight, top-1 share and the tokens they cover. */
  static List<RoutingRow> routing(RoutingTrace trace, List<String> expertNames) {
    List<RoutingRow> rows = new ArrayList<>();
    for (int layer = 0; layer < trace.layers(); layer++) {
      for (int e = 0; e < trace.experts(); e++) {
        rows.add(new RoutingRow(layer, e, expertNames.get(e), trace.meanWeight(layer, e), trace.top1Share(layer, e),
            trace.tokens(layer)));
      }
    }
    return rows;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
