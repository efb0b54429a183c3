package dev.selfmoe.activities.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.store.ArtifactWork;
import dev.selfmoe.db.ExperimentStatus;
import dev.selfmoe.workflows.activity.ExperimentStart;
import dev.selfmoe.workflows.activity.RecordActivities;
import dev.selfmoe.workflows.activity.RoleArtifact;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Experiments, sweeps and artifact roles in the database, and the routing analysis (Fig. 3) as an artifact. */
public final class RecordActivitiesImpl implements RecordActivities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerResources resources;

  public RecordActivitiesImpl(WorkerResources resources) {
    this.resources = resources;
  }

  @Override
  public void startExperiment(ExperimentStart start) {
    resources.db().experiments().upsertExperiment(start.experimentId(), start.spec().name(), json(start.spec()),
        start.specHash(), start.sweepId(), start.cellLabel());
    // a workflow that is reset runs its start again after having finished: it is running once more
    resources.db().experiments().setStatus(start.experimentId(), ExperimentStatus.RUNNING);
  }

  @Override
  public void registerSweep(String sweepId, String name, String specJson) {
    resources.db().experiments().upsertSweep(sweepId, name, specJson);
  }

  @Override
  public void linkArtifacts(String experimentId, List<RoleArtifact> artifacts) {
    for (RoleArtifact a : artifacts) {
      resources.db().artifacts().linkToExperiment(experimentId, a.role(), a.artifact().sha256());
    }
  }

  @Override
  public ArtifactRef analyzeRouting(String experimentId, List<String> evaluationKeys) {
    try (Heartbeat heartbeat = Heartbeat.start("routing analysis")) {
      return resources.store().produce(Recipes.routingAnalysis(evaluationKeys), heartbeat, work -> {
        var variants = RoutingAnalysis.of(RoutingSamples.of(resources.db(), experimentId, evaluationKeys));
        Path out = work.resolve("routing");
        write(out.resolve("routing.json"), RoutingAnalysis.toJson(variants, evaluationKeys).toPrettyString());
        write(out.resolve("routing.svg"), RoutingChart.svg(variants));
        return ArtifactWork.Made.of(out, List.of());
      });
    }
  }

  @Override
  public void finishExperiment(String experimentId, String status) {
    ExperimentStatus s;
    try {
      s = ExperimentStatus.fromSqlName(status);
    } catch (IllegalArgumentException e) {
      throw BadInput.failure("unknown experiment status '" + status + "' (running, completed, failed or cancelled)");
    }
    resources.db().experiments().setStatus(experimentId, s);
  }

  private static String json(Object spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the experiment spec is not serialisable: " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }
}
