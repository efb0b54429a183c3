package dev.selfmoe.activities.runtime;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.activities.TestWorker;
import dev.selfmoe.engine.model.LanguageModel;
import org.junit.jupiter.api.Test;

class ModelCacheTest {
  @Test
  void aModelIsReusedUntilItsWeightsAreDamagedThenLoadedAfresh() {
    String spec = TestWorker.stories260k();
    try (ModelCache cache = new ModelCache(1)) {
      LanguageModel first;
      try (ModelLease lease = cache.lease(spec, Heartbeat.none())) {
        first = lease.model();
      }
      try (ModelLease lease = cache.lease(spec, Heartbeat.none())) {
        assertSame(first, lease.model(), "loaded once, lent again");
        lease.model().markDamaged("a test says so");
      }
      try (ModelLease lease = cache.lease(spec, Heartbeat.none())) {
        assertNotSame(first, lease.model(), "a damaged model is never lent again");
        assertTrue(lease.model().damage().isEmpty());
      }
      // the damaged one was closed: its native memory is gone
      assertThrows(RuntimeException.class, () -> first.transformer().weights().embed.toFloatArray());
    }
  }
}
