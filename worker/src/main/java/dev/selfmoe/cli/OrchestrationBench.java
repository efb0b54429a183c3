package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.db.RoutingWriteThroughput;
import dev.selfmoe.engine.runtime.ProcessMemory;
import dev.selfmoe.worker.ActivityTimeline;
import dev.selfmoe.worker.ExperimentStarter;
import dev.selfmoe.workflows.activity.EvaluationSummary;
import dev.selfmoe.workflows.experiment.ExperimentResult;
import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.QueueSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Orchestration overhead: an experiment's wall time against the sum of its activities' own compute, on a fresh
 * selfmoe home (so nothing is reused), and PostgreSQL's write throughput for routing statistics.
 */
final class OrchestrationBench {
  private OrchestrationBench() {}

  static void measure(Path specFile, PlatformOptions platform, PrintWriter err, ObjectNode out) throws Exception {
    ExperimentSpec spec = SpecReader.experiment(SpecFile.read(specFile));
    Preflight.check(spec, platform.data);
    Path home = Files.createTempDirectory("selfmoe-bench-");
    platform.home = home;
    platform.artifacts = home.resolve("artifacts");
    try (Session session = Session.open(platform, true, List.of(QueueSpec.CPU, QueueSpec.GPU), System.err)) {
      String id = ExperimentStarter.experimentId(spec);
      long start = System.nanoTime();
      WorkflowStub stub = ExperimentStarter.startExperiment(session.platform.client(), spec, id);
      ExperimentResult r = Progress.follow(session.platform.client(), stub, ExperimentResult.class, err, true);
      double wall = (System.nanoTime() - start) / 1e9;
      out.put("experiment", id);
      out.put("temporal", session.platform.temporalServer().map(s -> s.description()).orElse("external"));
      out.put("wall_seconds", round(wall));
      out.put("activity_compute_seconds", round(r.computeSeconds()));
      ActivityTimeline.Summary timeline = ActivityTimeline.of(session.platform.client(), id);
      out.put("workflow_seconds", round(timeline.wallSeconds()));
      out.put("activity_busy_seconds", round(timeline.busySeconds()));
      out.put("activities", timeline.activities());
      // Server-side: the share of the workflow's life in which no activity (bookkeeping ones included) ran.
      out.put("overhead_fraction", round(timeline.idleFraction()));
      // Client-side and stricter: bookkeeping activities and waits inside activities count as overhead here.
      out.put("overhead_vs_reported_compute", round((wall - r.computeSeconds()) / wall));

      // Evaluation throughput per variant and benchmark: what dominates a preset's time (generation-heavy BBH).
      ArrayNode evaluations = out.putArray("evaluations");
      for (EvaluationSummary e : r.evaluations()) {
        if (e.reused() || e.computeSeconds() <= 0) {
          continue;
        }
        evaluations.addObject().put("variant", e.variant()).put("benchmark", e.benchmark()).put("items", e.n())
            .put("seconds", round(e.computeSeconds())).put("items_per_second", round(e.n() / e.computeSeconds()));
      }
      // the worker runs in this process, so this is the peak of every activity of the run (PostgreSQL and the Temporal
      // server are processes of their own)
      out.put("worker_peak_rss_mib", ProcessMemory.peakResidentBytes() / (1 << 20));
      RoutingWriteThroughput.Report w = RoutingWriteThroughput.measure(session.platform.database(), 200, 24, 8);
      out.put("routing_rows_written", w.rows());
      out.put("routing_rows_per_second", round(w.rowsPerSecond()));
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
