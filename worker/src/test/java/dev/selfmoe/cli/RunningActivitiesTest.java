package dev.selfmoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

class RunningActivitiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void selfSpecializationShowsKeptOfTargetAndAllDropsTogether() throws Exception {
    var a = new RunningActivities.Running("x/coding", "Synthesize", 1, true, JSON.readTree("""
        {"phase":"self-specialization","done":10,"total":24,
         "figures":{"rounds":3,"kept":10,"dropped_format":4,"dropped_near_duplicate":3,"dropped_unparsable":0}}"""),
        "");
    assertEquals("self-specialization 10/24 kept 10, dropped 7", a.summary());
  }

  @Test
  void trainingShowsItsStepLossAndARetrysAttempt() throws Exception {
    var a = new RunningActivities.Running("x/math", "TrainAdapter", 3, true, JSON.readTree("""
        {"phase":"train expert:math","done":40,"total":96,"figures":{"loss":1.23456,"learning_rate":3e-4}}"""),
        "worker lost");
    assertEquals("train expert:math 40/96 loss 1.235 (attempt 3)", a.summary());
  }

  @Test
  void beforeItsFirstHeartbeatAnActivityIsNamedByItsType() {
    var a = new RunningActivities.Running("x", "Evaluate", 1, false, NullNode.getInstance(), "");
    assertEquals("Evaluate", a.summary());
  }
}
