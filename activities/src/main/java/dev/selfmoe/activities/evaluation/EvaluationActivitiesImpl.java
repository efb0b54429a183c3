package dev.selfmoe.activities.evaluation;

import static dev.selfmoe.db.jooq.Tables.ROUTING_STAT;

import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.runtime.ModelLease;
import dev.selfmoe.activities.store.RecipeLock;
import dev.selfmoe.db.EvaluationRecords;
import dev.selfmoe.db.EvaluationRow;
import dev.selfmoe.engine.attach.Attachment;
import dev.selfmoe.engine.eval.Benchmark;
import dev.selfmoe.engine.eval.BenchmarkRegistry;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.EvaluationResult;
import dev.selfmoe.engine.eval.EvaluationRunner;
import dev.selfmoe.engine.mixse.RoutingTrace;
import dev.selfmoe.workflows.activity.EvaluateRequest;
import dev.selfmoe.workflows.activity.EvaluationActivities;
import dev.selfmoe.workflows.activity.EvaluationSummary;
import dev.selfmoe.workflows.activity.ModelVariantRef;
import dev.selfmoe.workflows.recipe.ArtifactKinds;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.spec.BenchmarkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Scores a variant on a benchmark as the eval command does and stores the evaluation, every item and (for
 * mixtures) the routing statistics per layer and expert, keyed by the evaluation's recipe; the experiment links it
 * as its variant's draw. An evaluation already stored under the key is linked without running again.
 */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  private final WorkerResources resources;

  public EvaluationActivitiesImpl(WorkerResources resources) {
    this.resources = resources;
  }

  @Override
  public EvaluationSummary evaluate(EvaluateRequest request) {
    String key = request.recipe().key();
    EvaluationRecords evaluations = resources.db().evaluations();
    try (Heartbeat heartbeat = Heartbeat.start("evaluate " + request.variant().variant())) {
      Optional<EvaluationRow> stored = evaluations.find(key).filter(row -> isWhole(request));
      if (stored.isEmpty()) {
        RecipeLock lock = resources.store().lock(request.recipe(), heartbeat);
        try {
          stored = evaluations.find(key).filter(row -> isWhole(request));
          if (stored.isEmpty()) {
            long started = System.nanoTime();
            run(request, heartbeat);
            link(request);
            // the stored row: an evaluation recorded before keeps its first score
            return summary(request, evaluations.find(key).orElseThrow(), (System.nanoTime() - started) / 1e9,
                false);
          }
        } finally {
          lock.close();
        }
      }
      link(request);
      return summary(request, stored.get(), 0, true);
    }
  }

  /**
   * A mixture's routing rows are written after its evaluation (they refer to it): an evaluation without them was
   * cut short and is run again, which adds them.
   */
  private boolean isWhole(EvaluateRequest r) {
    ArtifactRef artifact = r.variant().artifact();
    return artifact == null || !artifact.kind().equals(ArtifactKinds.MIXTURE)
        || resources.db().dsl().fetchExists(ROUTING_STAT, ROUTING_STAT.EVAL_KEY.eq(r.recipe().key()));
  }

  private void run(EvaluateRequest request, Heartbeat heartbeat) {
    BenchmarkSpec spec = request.benchmark();
    Path data = resources.dataRoot(request.data());
    Benchmark<?> benchmark = BadInput.check(() -> new BenchmarkRegistry(data).get(spec.name()));
    EvalOptions options = BadInput.check(() -> {
      EvalOptions o = EvalOptions.defaults().withLimit(spec.limit()).withShots(spec.shots())
          .withBatchSize(request.batchSize())
          .withExcludedIds(ReasoningSeeds.excludedFrom(spec.name(), request.reasoningSeeds(), data));
      o = spec.maxNewTokens() > 0 ? o.withMaxNewTokens(spec.maxNewTokens()) : o;
      return request.fewShotSeed() == null ? o : o.withFewShotSeed(request.fewShotSeed());
    });
    int shots = BadInput.check(() -> benchmark.shots(options));
    String phase = "evaluate " + request.variant().variant() + " on " + spec.name();
    EvaluationResult result;
    RoutingTrace trace;
    List<String> experts;
    try (ModelLease model = resources.models().lease(request.model(), heartbeat);
        Attachment attached = VariantAttachment.attach(model.model(), request.variant(), resources.store())) {
      trace = attached.traceRouting();
      experts = attached.expertNames();
      result = new EvaluationRunner(model.model()).run(benchmark, options,
          (done, total) -> heartbeat.report(phase, done, total));
    }
    EvaluationRow row = EvaluationRows.evaluation(request.recipe().key(), result, shots, spec.limit(),
        request.fewShotSeed());
    // the evaluation first: routing rows refer to it
    resources.db().evaluations().recordEvaluation(row, EvaluationRows.items(result));
    if (trace != null) {
      resources.db().routing().record(row.evalKey(), EvaluationRows.routing(trace, experts));
    }
  }

  private void link(EvaluateRequest r) {
    ModelVariantRef v = r.variant();
    String kind = v.kind().name().toLowerCase().replace('_', '-');
    resources.db().experiments().recordVariant(r.experimentId(), v.variant(), kind,
        v.artifact() == null ? null : v.artifact().recipeKey(), v.topK());
    resources.db().evaluations().linkEvaluation(r.experimentId(), r.variant().variant(), r.benchmark().name(),
        r.draw(), r.recipe().key());
  }

  private static EvaluationSummary summary(EvaluateRequest r, EvaluationRow row, double seconds, boolean reused) {
    return new EvaluationSummary(row.evalKey(), r.variant().variant(), r.benchmark().name(), r.draw(), row.score(),
        row.n(), row.ciLow() == null ? Double.NaN : row.ciLow(), row.ciHigh() == null ? Double.NaN : row.ciHigh(),
        seconds, reused);
  }
}
