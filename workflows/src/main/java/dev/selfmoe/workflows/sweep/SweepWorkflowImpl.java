package dev.selfmoe.workflows.sweep;

import dev.selfmoe.workflows.activity.ActivityStubs;
import dev.selfmoe.workflows.domain.DomainInput;
import dev.selfmoe.workflows.domain.DomainResult;
import dev.selfmoe.workflows.domain.DomainWorkflow;
import dev.selfmoe.workflows.experiment.ExperimentInput;
import dev.selfmoe.workflows.experiment.ExperimentPlan;
import dev.selfmoe.workflows.experiment.ExperimentResult;
import dev.selfmoe.workflows.experiment.ExperimentWorkflow;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.recipe.Recipes;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.SweepCell;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class SweepWorkflowImpl implements SweepWorkflow {
  @Override
  public SweepResult run(SweepInput in) {
    String sweepId = Workflow.getInfo().getWorkflowId();
    ActivityStubs stubs = new ActivityStubs(in.cells().get(0).spec().queues());
    stubs.records.registerSweep(sweepId, in.name(), in.specJson());

    List<Promise<DomainResult>> shared = new ArrayList<>();
    for (Map.Entry<String, DomainInput> e : sharedExperts(sweepId, in.cells()).entrySet()) {
      DomainWorkflow child = Workflow.newChildWorkflowStub(DomainWorkflow.class,
          ChildWorkflowOptions.newBuilder().setWorkflowId(sweepId + "/expert-" + e.getKey()).build());
      shared.add(Async.function(child::run, e.getValue()));
    }
    Promise.allOf(shared).get();

    List<Promise<ExperimentResult>> cells = new ArrayList<>();
    for (SweepCell cell : in.cells()) {
      ExperimentWorkflow child = Workflow.newChildWorkflowStub(ExperimentWorkflow.class,
          ChildWorkflowOptions.newBuilder()
              .setWorkflowId(sweepId + "/" + cell.spec().hash().substring(0, 12))
              .build());
      cells.add(Async.function(child::run, new ExperimentInput(cell.spec(), sweepId, cell.label())));
    }
    return new SweepResult(sweepId, in.cells().stream().map(SweepCell::label).toList(),
        cells.stream().map(Promise::get).toList());
  }

  /** Every distinct expert the cells need, by the recipe key of its training, with a cell that needs it. */
  private static Map<String, DomainInput> sharedExperts(String sweepId, List<SweepCell> cells) {
    Map<String, DomainInput> experts = new LinkedHashMap<>();
    for (SweepCell cell : cells) {
      ExperimentSpec s = cell.spec();
      ExperimentPlan plan = new ExperimentPlan(s);
      for (String domain : s.domains()) {
        if (plan.needsDomainExperts()) {
          Recipe data = Recipes.syntheticData(s, domain);
          String key = Recipes.adapter(s.model(), s.lora(), List.of(data.key())).shortKey();
          experts.putIfAbsent(key, new DomainInput(sweepId, s, domain, false));
        }
        if (plan.needsSeedExperts()) {
          Recipe data = Recipes.seedData(s, domain);
          String key = Recipes.adapter(s.model(), s.lora(), List.of(data.key())).shortKey();
          experts.putIfAbsent(key, new DomainInput(sweepId, s, domain, true));
        }
      }
    }
    return experts;
  }
}
