package dev.selfmoe.activities.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.activities.runtime.ModelLease;
import dev.selfmoe.activities.store.ArtifactWork;
import dev.selfmoe.engine.selfspec.DomainBrief;
import dev.selfmoe.engine.selfspec.DropReason;
import dev.selfmoe.engine.selfspec.Seed;
import dev.selfmoe.engine.selfspec.SelfSpecializer;
import dev.selfmoe.engine.selfspec.SpecializationOptions;
import dev.selfmoe.engine.selfspec.SpecializationProgress;
import dev.selfmoe.workflows.activity.DataActivities;
import dev.selfmoe.workflows.activity.SynthesizeRequest;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.spec.SyntheticSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A domain's training data: self-specialization by the base model (resumable round by round from its cursor in the
 * work directory), or the drawn seeds themselves for the seed-only ablation.
 */
public final class DataActivitiesImpl implements DataActivities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerResources resources;

  public DataActivitiesImpl(WorkerResources resources) {
    this.resources = resources;
  }

  @Override
  public ArtifactRef synthesize(SynthesizeRequest request) {
    try (Heartbeat heartbeat = Heartbeat.start("synthesize " + request.domain())) {
      return resources.store().produce(request.recipe(), heartbeat, work -> request.seedsOnly()
          ? seedData(request, work) : selfSpecialize(request, work, heartbeat));
    }
  }

  private ArtifactWork.Made seedData(SynthesizeRequest request, Path work) {
    List<String> lines = new ArrayList<>();
    for (Seed s : SeedSource.seeds(request, resources)) {
      Map<String, String> line = new LinkedHashMap<>();
      line.put("instruction", s.instruction());
      line.put("input", s.input());
      line.put("output", s.output());
      line.put("seed_id", s.id());
      lines.add(json(line));
    }
    Path out = work.resolve("seeds.jsonl");
    write(out, lines);
    return ArtifactWork.Made.of(out, List.of());
  }

  private ArtifactWork.Made selfSpecialize(SynthesizeRequest request, Path work, Heartbeat heartbeat) {
    SyntheticSpec spec = request.synthetic();
    List<Seed> seeds = SeedSource.seeds(request, resources);
    DomainBrief brief = spec.briefs() == null ? DomainBrief.defaults(SeedSource.domain(request))
        : BadInput.check(() -> DomainBrief.load(SeedSource.domain(request), Path.of(spec.briefs())));
    SpecializationOptions options = options(spec, request.seed());
    Path out = work.resolve("data.jsonl");
    SpecializationProgress done;
    try (ModelLease model = resources.models().lease(request.model(), heartbeat)) {
      heartbeat.report(progress(new SpecializationProgress(0, 0, Map.of(), options.target())));
      done = new SelfSpecializer(model.model(), brief, seeds, options)
          .run(out, p -> heartbeat.report(progress(p)));
    }
    // a run is deterministic, so a retry would keep nothing again: the settings must change
    BadInput.require(done.kept() > 0, request.domain() + ": self-specialization kept no items in "
        + done.roundsDone() + " rounds (dropped " + reasons(done) + "); raise max_rounds or turn format checks off");
    String domain = SeedSource.domain(request).id();
    return new ArtifactWork.Made(out, List.of(),
        sha -> resources.db().syntheticData().recordStats(sha, domain, done.kept(), reasons(done)));
  }

  /** The selfspec command's mapping: zero budgets keep the engine's defaults. */
  static SpecializationOptions options(SyntheticSpec spec, long seed) {
    SpecializationOptions o = SpecializationOptions.defaults(spec.samples(), seed).withBatchSize(spec.batchSize())
        .withFormatChecks(spec.formatChecks());
    if (spec.maxRounds() > 0) {
      o = o.withMaxRounds(spec.maxRounds());
    }
    if (spec.brainstormTokens() > 0 || spec.responseTokens() > 0) {
      o = o.withTokens(spec.brainstormTokens() > 0 ? spec.brainstormTokens() : o.brainstormTokens(),
          spec.responseTokens() > 0 ? spec.responseTokens() : o.responseTokens());
    }
    return o;
  }

  private static ActivityProgress progress(SpecializationProgress p) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("rounds", p.roundsDone());
    figures.put("kept", p.kept());
    reasons(p).forEach((reason, n) -> figures.put("dropped_" + reason, n));
    return new ActivityProgress("self-specialization", p.kept(), p.target(), figures);
  }

  /** Every reason, zero counts included, so the statistics rows say what was checked. */
  private static Map<String, Integer> reasons(SpecializationProgress p) {
    Map<String, Integer> out = new TreeMap<>();
    for (DropReason r : DropReason.values()) {
      out.put(r.name().toLowerCase(), p.dropped().getOrDefault(r, 0));
    }
    return out;
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }
}
