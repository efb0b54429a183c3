package dev.selfmoe.ui.read;

import static dev.selfmoe.db.jooq.Tables.ARTIFACT_RECIPE;
import static dev.selfmoe.db.jooq.Tables.EXPERIMENT_ARTIFACT;
import static dev.selfmoe.db.jooq.Tables.TRAINING_CURVE;
import static dev.selfmoe.db.jooq.Tables.TRAINING_RUN;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * The loss curve of every adapter and router an experiment trained or reused: runs it started (also while they are
 * still going) and the training runs behind artifacts it took from earlier experiments.
 *
 * @param curves by role (e.g. {@code expert:math}, {@code mixture:mixse-top1}), in role order
 */
public record LossCurves(Map<String, List<Point>> curves) {
  public record Point(int step, double loss, double learningRate, Double tokensPerSecond) {}

  public static LossCurves of(DSLContext dsl, String experimentId) {
    Map<String, String> runByRole = new TreeMap<>();
    dsl.select(EXPERIMENT_ARTIFACT.ROLE, ARTIFACT_RECIPE.RECIPE_KEY)
        .from(EXPERIMENT_ARTIFACT)
        .join(ARTIFACT_RECIPE).on(ARTIFACT_RECIPE.SHA256.eq(EXPERIMENT_ARTIFACT.SHA256))
        .where(EXPERIMENT_ARTIFACT.EXPERIMENT_ID.eq(experimentId))
        .forEach(r -> runByRole.put(r.value1(), r.value2()));
    // a run this experiment started names its own run key, which an artifact found under another recipe would not
    dsl.select(TRAINING_RUN.ROLE, TRAINING_RUN.RUN_KEY)
        .from(TRAINING_RUN)
        .where(TRAINING_RUN.WORKFLOW_ID.eq(experimentId))
        .forEach(r -> runByRole.put(r.value1(), r.value2()));
    Map<String, List<String>> rolesByRun = new LinkedHashMap<>();
    runByRole.forEach((role, run) -> rolesByRun.computeIfAbsent(run, k -> new ArrayList<>()).add(role));
    Map<String, List<Point>> curves = new TreeMap<>();
    dsl.selectFrom(TRAINING_CURVE)
        .where(TRAINING_CURVE.RUN_KEY.in(rolesByRun.keySet()))
        .orderBy(TRAINING_CURVE.RUN_KEY, TRAINING_CURVE.STEP)
        .forEach(r -> {
          Point p = new Point(r.getStep(), r.getLoss(), r.getLearningRate(), r.getTokensPerSecond());
          rolesByRun.get(r.getRunKey()).forEach(role -> curves.computeIfAbsent(role, k -> new ArrayList<>()).add(p));
        });
    return new LossCurves(curves);
  }

  public boolean isEmpty() {
    return curves.isEmpty();
  }
}
