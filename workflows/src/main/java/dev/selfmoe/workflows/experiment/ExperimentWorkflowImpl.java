package dev.selfmoe.workflows.experiment;

import dev.selfmoe.workflows.activity.ActivityStubs;
import dev.selfmoe.workflows.activity.EvaluateRequest;
import dev.selfmoe.workflows.activity.EvaluationSummary;
import dev.selfmoe.workflows.activity.ExperimentStart;
import dev.selfmoe.workflows.activity.ModelVariantRef;
import dev.selfmoe.workflows.activity.RoleArtifact;
import dev.selfmoe.workflows.domain.DomainInput;
import dev.selfmoe.workflows.domain.DomainResult;
import dev.selfmoe.workflows.domain.DomainWorkflow;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.BenchmarkSpec;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.Variant;
import dev.selfmoe.workflows.spec.VariantKind;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class ExperimentWorkflowImpl implements ExperimentWorkflow {
  private final StepTracker steps = new StepTracker();

  @Override
  public ExperimentProgress progress() {
    return steps.snapshot();
  }

  @Override
  public ExperimentResult run(ExperimentInput in) {
    ExperimentSpec spec = in.spec();
    String id = Workflow.getInfo().getWorkflowId();
    ActivityStubs stubs = new ActivityStubs(spec.queues());
    stubs.records.startExperiment(new ExperimentStart(id, spec, spec.hash(), in.sweepId(),
        in.cellLabel()));
    try {
      ExperimentResult result = runSteps(spec, id, stubs);
      stubs.records.finishExperiment(id, "completed");
      return result;
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> stubs.records.finishExperiment(id, "cancelled")).run();
      throw e;
    } catch (RuntimeException e) {
      stubs.records.finishExperiment(id, "failed");
      throw e;
    }
  }

  private ExperimentResult runSteps(ExperimentSpec spec, String id, ActivityStubs stubs) {
    ExperimentPlan plan = new ExperimentPlan(spec);
    Map<String, DomainResult> domains = plan.needsDomainExperts() ? domains(spec, id, false) : Map.of();
    Map<String, DomainResult> seedDomains = plan.needsSeedExperts() ? domains(spec, id, true) : Map.of();
    List<ArtifactRef> artifacts = new ArrayList<>();
    List<RoleArtifact> roles = new ArrayList<>();
    domains.values().forEach(d -> {
      roles.add(new RoleArtifact("data:" + d.domain(), d.data()));
      roles.add(new RoleArtifact("expert:" + d.domain(), d.expert()));
    });
    seedDomains.values().forEach(d -> {
      roles.add(new RoleArtifact("seed-data:" + d.domain(), d.data()));
      roles.add(new RoleArtifact("seed-expert:" + d.domain(), d.expert()));
    });

    long scored = spec.variants().stream()
        .mapToLong(v -> spec.benchmarks().stream().filter(b -> b.evaluates(v.name())).count()).sum();
    steps.phase("variants and evaluation", (int) (spec.variants().size() + scored * spec.draws()));
    VariantModels models = new VariantModels(spec, id, stubs, domains, seedDomains);
    Map<String, Promise<ModelVariantRef>> built = new LinkedHashMap<>();
    for (Variant v : spec.variants()) {
      built.put(v.name(), Async.function(() -> tracked("build " + v.name(), () -> models.build(v))));
    }
    List<Promise<EvaluationSummary>> evaluations = new ArrayList<>();
    for (Variant v : spec.variants()) {
      for (BenchmarkSpec b : spec.benchmarks()) {
        if (!b.evaluates(v.name())) {
          continue;
        }
        for (int draw = 0; draw < spec.draws(); draw++) {
          int d = draw;
          evaluations.add(built.get(v.name()).thenCompose(model -> Async.function(
              () -> tracked("eval " + v.name() + " " + b.name() + (spec.draws() > 1 ? " draw " + d : ""),
                  () -> evaluate(spec, id, stubs, model, b, d)))));
        }
      }
    }
    Promise.allOf(evaluations).get();
    for (Variant v : spec.variants()) {
      ModelVariantRef m = built.get(v.name()).get();
      if (m.artifact() != null && m.kind() != VariantKind.EXPERT) {
        artifacts.add(m.artifact());
        roles.add(new RoleArtifact(m.kind() == VariantKind.INSTANCE_MERGING ? "instance-merging"
            : m.kind() == VariantKind.TIES || m.kind() == VariantKind.DARE ? "merged:" + v.name()
            : "mixture:" + v.name(), m.artifact()));
      }
    }
    domains.values().forEach(d -> artifacts.addAll(List.of(d.data(), d.expert())));
    seedDomains.values().forEach(d -> artifacts.addAll(List.of(d.data(), d.expert())));
    stubs.records.linkArtifacts(id, roles);

    List<EvaluationSummary> summaries = evaluations.stream().map(Promise::get).toList();
    List<String> mixtureEvaluations = new ArrayList<>();
    for (int i = 0; i < summaries.size(); i++) {
      String variant = summaries.get(i).variant();
      if (spec.variants().stream().anyMatch(v -> v.name().equals(variant) && v.usesRouter())) {
        mixtureEvaluations.add(summaries.get(i).evalKey());
      }
    }
    // Routing analysis was added after the first release: histories recorded before it replay without it.
    if (!mixtureEvaluations.isEmpty() && Workflow.getVersion("routing-analysis", Workflow.DEFAULT_VERSION, 1) == 1) {
      steps.phase("routing analysis", 1);
      artifacts.add(tracked("routing analysis", () -> stubs.records.analyzeRouting(id, mixtureEvaluations)));
    }
    double compute = artifacts.stream().distinct().mapToDouble(ArtifactRef::computeSeconds).sum()
        + summaries.stream().mapToDouble(EvaluationSummary::computeSeconds).sum();
    return new ExperimentResult(id, artifacts.stream().distinct().toList(), summaries, compute);
  }

  private Map<String, DomainResult> domains(ExperimentSpec spec, String id, boolean seedsOnly) {
    steps.phase(seedsOnly ? "seed-only experts" : "experts", spec.domains().size());
    Map<String, Promise<DomainResult>> running = new LinkedHashMap<>();
    for (String domain : spec.domains()) {
      String step = (seedsOnly ? "seed-only expert " : "expert ") + domain;
      DomainWorkflow child = Workflow.newChildWorkflowStub(DomainWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(id + "/" + (seedsOnly ? "seeds-" : "") + domain)
          .build());
      steps.started(step);
      running.put(domain, Async.function(child::run, new DomainInput(id, spec, domain, seedsOnly))
          .thenApply(r -> {
            steps.finished(step);
            return r;
          }));
    }
    Map<String, DomainResult> out = new LinkedHashMap<>();
    running.forEach((domain, p) -> out.put(domain, p.get()));
    return out;
  }

  private static EvaluationSummary evaluate(ExperimentSpec spec, String id, ActivityStubs stubs,
      ModelVariantRef model, BenchmarkSpec b, int draw) {
    Long fewShotSeed = draw == 0 ? null : (long) draw;
    List<String> onTop = model.artifact() == null ? List.of() : List.of(model.artifact().recipeKey());
    Recipe recipe = Recipes.evaluation(spec, onTop, model.topK(), b, fewShotSeed);
    return stubs.evaluation.evaluate(new EvaluateRequest(recipe, id, model, spec.model(), spec.data(), b, draw,
        fewShotSeed, spec.evalBatchSize(), spec.domains().contains("reasoning") ? spec.seeds() : null));
  }

  private <T> T tracked(String step, java.util.function.Supplier<T> work) {
    steps.started(step);
    T t = work.get();
    steps.finished(step);
    return t;
  }
}
