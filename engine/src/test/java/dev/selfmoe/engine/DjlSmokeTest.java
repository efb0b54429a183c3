package dev.selfmoe.engine;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;

class DjlSmokeTest {
  @Test void engineRuns() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(6f, m.create(new float[]{1,2,3}).sum().getFloat());
    }
  }
}
