package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/** Picks exemplars from a benchmark's pool: the first n as the harness does, or a seeded per-item draw. */
public final class FewShot {
  private FewShot() {}

  public static <T> List<T> pick(List<T> pool, int n, OptionalLong seed, String itemId, String where) {
    if (n > pool.size()) {
      throw new EngineException(n + " shots requested but " + where + " has only " + pool.size() + " exemplars");
    }
    if (seed.isEmpty()) {
      return pool.subList(0, n);
    }
    // Mixing in the item id gives each item its own draw while keeping it independent of which other items run.
    List<T> copy = new ArrayList<>(pool);
    Collections.shuffle(copy, new Random(seed.getAsLong() * 0x9E3779B97F4A7C15L ^ itemId.hashCode()));
    return copy.subList(0, n);
  }
}
