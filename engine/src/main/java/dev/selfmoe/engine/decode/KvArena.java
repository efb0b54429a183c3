package dev.selfmoe.engine.decode;

/**
 * The Java KV cache's arrays kept between generations. A generation of eight rows over a long prompt holds hundreds
 * of megabytes of keys and values; allocating them afresh for every batch grows the heap with garbage faster than
 * it is collected. A closed cache hands its arrays back here and the next cache that fits in them takes them.
 */
final class KvArena {
  /** A cache's keys and values, one array per layer each, and its step buffers. */
  record Arrays(float[][] keys, float[][] values, StepBuffers buffers) {
    long floats() {
      long n = 0;
      for (int l = 0; l < keys.length; l++) {
        n += (keys[l] == null ? 0 : keys[l].length) + (values[l] == null ? 0 : values[l].length);
      }
      return n;
    }
  }

  private Arrays held;

  /**
   * Arrays of at least {@code perLayer} floats for each of {@code layers} layers: the held ones when they are large
   * enough, else empty slots ({@code null}) for the caller to fill layer by layer, so that a layer is allocated only
   * once the torch layer it replaces has been freed (the held arrays are dropped first).
   */
  synchronized Arrays take(int layers, int perLayer) {
    Arrays a = held;
    held = null;
    if (a != null && a.keys.length == layers && a.keys[0].length >= perLayer) {
      return a;
    }
    return new Arrays(new float[layers][], new float[layers][], null);
  }

  /** Keeps {@code a} for the next cache (the larger set, when one is already held). */
  synchronized void give(Arrays a) {
    if (held == null || held.floats() < a.floats()) {
      held = a;
    }
  }

  /** Floats held for reuse. */
  synchronized long heldFloats() {
    return held == null ? 0 : held.floats();
  }
}
