package dev.selfmoe.engine.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Hands memory that libtorch has freed back to the operating system. A long prompt's prefill allocates hundreds of
 * megabytes of intermediates; glibc keeps them after they are freed, so the process stays that much larger for the
 * rest of its life and the Java heap grows on top of them. {@code malloc_trim} returns the free pages (glibc only; a
 * no-op elsewhere). It costs a few milliseconds and the next large pass faults its pages back in, so callers trim
 * after passes large enough for that to matter.
 */
public final class NativeHeap {
  /** Passes whose intermediates are at least this many floats are followed by a trim. */
  public static final long TRIM_AFTER_FLOATS = 4L << 20;

  private interface Glibc extends Library {
    int malloc_trim(long pad);
  }

  private static final Glibc GLIBC = load();

  private NativeHeap() {}

  private static Glibc load() {
    try {
      return Native.load("c", Glibc.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  /** Returns freed native memory to the OS; true when glibc released any. */
  public static boolean trim() {
    try {
      return GLIBC != null && GLIBC.malloc_trim(0) == 1;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  /** Trims after a pass over {@code rows × length} tokens of a model with {@code width}-wide intermediates. */
  public static void trimAfter(long rows, long length, long width) {
    if (rows * length * Math.max(width, length) >= TRIM_AFTER_FLOATS) {
      trim();
    }
  }
}
