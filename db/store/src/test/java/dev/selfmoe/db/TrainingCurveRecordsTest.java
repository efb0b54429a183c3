package dev.selfmoe.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabases.class)
class TrainingCurveRecordsTest {
  @Test
  void aResumedRunAddsOnlyTheStepsNotYetRecorded(SelfmoeDatabase db) {
    List<CurvePoint> firstAttempt = points(0, 3000);
    List<CurvePoint> resumed = points(2000, 5000);

    db.trainingCurves().recordSteps("run-1", firstAttempt);
    db.trainingCurves().recordSteps("run-1", resumed);
    db.trainingCurves().recordSteps("run-1", resumed);

    List<CurvePoint> curve = db.trainingCurves().of("run-1");
    assertEquals(5000, curve.size());
    assertEquals(firstAttempt.get(2500), curve.get(2500));
    assertEquals(resumed.getLast(), curve.getLast());
    assertEquals(List.of(), db.trainingCurves().of("run-2"));
  }

  @Test
  void aRoleNamesItsNewestRunEvenForASweep(SelfmoeDatabase db) {
    db.trainingCurves().recordRun("sweep-size", "expert:math", "run-1");
    db.trainingCurves().recordRun("sweep-size", "expert:math", "run-2");
    db.trainingCurves().recordRun("sweep-size", "expert:code", "run-3");

    assertEquals(List.of(List.of("expert:code", "run-3"), List.of("expert:math", "run-2")), db.sql("select role,"
        + " run_key from training_run where workflow_id = 'sweep-size' order by role").rows());
  }

  private static List<CurvePoint> points(int fromStep, int toStep) {
    List<CurvePoint> points = new ArrayList<>();
    for (int step = fromStep; step < toStep; step++) {
      points.add(new CurvePoint(step, 2.0 / (step + 1), 1e-4, step % 2 == 0 ? 1500.0 + step : null));
    }
    return points;
  }
}
