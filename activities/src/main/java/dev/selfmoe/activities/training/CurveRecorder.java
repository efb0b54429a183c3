package dev.selfmoe.activities.training;

import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.db.CurvePoint;
import dev.selfmoe.db.TrainingCurveRecords;
import dev.selfmoe.engine.train.AdapterTrainer;
import dev.selfmoe.engine.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a training run's curve (step, loss, learning rate, tokens/s) as it happens, under the recipe key as run key
 * (named as the experiment's run for its role before the first step), and reports each step in the heartbeat. Points are written in batches: every few seconds, and at every checkpoint
 * step before the checkpoint is saved, so a resumed run never lacks the points of the steps it skips; steps it
 * repeats after its last checkpoint are written again and ignored as duplicates. The heartbeat also says which step
 * the run resumed from (0 for a fresh start).
 */
final class CurveRecorder implements Consumer<AdapterTrainer.Progress> {
  private static final long FLUSH_NANOS = 5_000_000_000L;

  private final TrainingCurveRecords curves;
  private final String runKey;
  private final int checkpointEvery;
  private final Heartbeat heartbeat;
  private final String phase;
  private final int resumedFrom;
  private final List<CurvePoint> pending = new ArrayList<>();
  private long lastFlush = System.nanoTime();

  CurveRecorder(TrainingCurveRecords curves, String experimentId, String role, String runKey, int checkpointEvery,
      Heartbeat heartbeat, Path checkpointDir) {
    this.curves = curves;
    this.runKey = runKey;
    this.checkpointEvery = checkpointEvery;
    this.heartbeat = heartbeat;
    this.phase = "train " + role;
    curves.recordRun(experimentId, role, runKey);
    TrainingCheckpoint previous = TrainingCheckpoint.load(checkpointDir);
    this.resumedFrom = previous == null ? 0 : previous.step();
  }

  @Override
  public void accept(AdapterTrainer.Progress p) {
    pending.add(new CurvePoint(p.step(), p.loss(), p.learningRate(), p.tokensPerSecond()));
    boolean checkpointStep = checkpointEvery > 0 && p.step() % checkpointEvery == 0;
    if (checkpointStep || p.step() == p.totalSteps() || System.nanoTime() - lastFlush > FLUSH_NANOS) {
      flush();
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("loss", p.loss());
    figures.put("learning_rate", p.learningRate());
    figures.put("tokens_per_second", p.tokensPerSecond());
    figures.put("resumed_from_step", resumedFrom);
    heartbeat.report(new ActivityProgress(phase, p.step(), p.totalSteps(), figures));
  }

  void flush() {
    if (!pending.isEmpty()) {
      curves.recordSteps(runKey, List.copyOf(pending));
      pending.clear();
    }
    lastFlush = System.nanoTime();
  }
}
