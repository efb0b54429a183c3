package dev.selfmoe.engine.decode;

/**
 * The Java KV cache's arrays kept between generations. A generation of eight rows over a long prompt holds hundreds
 * of megabytes of keys and values; allocating them afresh for every batch grows the heap with garbage faster than
 * it is collected. A closed cache hands its arrays back here and the next cache that fits in them takes them.
 *
 * <p>When a batch needs larger arrays than the held ones, those are dropped and collected at once: the serial
 * collector would otherwise grow the old generation to hold them beside their replacements for the rest of the run.
 * New arrays get a quarter more room than asked, up to the reserve a caller announced, so that prompts of slightly
 * different lengths do not replace them again.
 */
final class KvArena {
  /** Held arrays at least this large (floats) are collected as soon as they are dropped. */
  private static final long COLLECT_FLOATS = 16L << 20;

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
  private long reservePerLayer;

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
    if (a != null && a.floats() >= COLLECT_FLOATS) {
      a = null;
      System.gc();
    }
    return new Arrays(new float[layers][], new float[layers][], null);
  }

  /** The length of a new array for a cache that needs {@code perLayer} floats: some headroom, within the reserve. */
  synchronized int sizeFor(int perLayer) {
    long roomy = Math.min((long) perLayer * 5 / 4, reservePerLayer);
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(perLayer, roomy));
  }

  /** Lets new arrays grow to {@code floatsPerLayer} (the most the caller's batches will fill) to be reused. */
  synchronized void reserve(long floatsPerLayer) {
    reservePerLayer = floatsPerLayer;
  }

  /** Keeps {@code a} for the next cache (the larger set, when one is already held). */
  synchronized void give(Arrays a) {
    if (held == null || held.floats() < a.floats()) {
      held = a;
    }
  }

  /**
   * Drops the held arrays, collecting them at once when large: their holder is going idle, or is about to fill a
   * torch cache as large as they are and would otherwise hold both.
   */
  synchronized void release() {
    Arrays a = held;
    held = null;
    if (a != null && a.floats() >= COLLECT_FLOATS) {
      a = null;
      System.gc();
    }
  }

  /** Floats held for reuse. */
  synchronized long heldFloats() {
    return held == null ? 0 : held.floats();
  }
}
