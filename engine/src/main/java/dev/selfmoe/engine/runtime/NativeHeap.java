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

  /**
   * From this size on, an allocation that glibc's heap has no free room for is mapped from the OS, so it goes back
   * when freed. glibc's own rule raises its threshold to the largest buffer freed so far (up to 32 MiB), growing its
   * heap for every later one; training's buffers then leave a large heap whose free chunks serve the large buffers of
   * every later evaluation in a long-lived worker, and those stay resident until the next trim. Mapping training's
   * buffers afresh costs 5-8% per step ({@code bench --train}), seconds in a run whose training takes minutes.
   */
  public static final int MMAP_BYTES = 4 << 20;

  private static final int M_MMAP_THRESHOLD = -3;

  private interface Glibc extends Library {
    int malloc_trim(long pad);

    int mallopt(int param, int value);
  }

  private static final Glibc GLIBC = load();
  // a threshold the user set for the process (MALLOC_MMAP_THRESHOLD_) is theirs to keep
  private static final boolean USER_THRESHOLD = System.getenv("MALLOC_MMAP_THRESHOLD_") != null;

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

  /** Before generating, scoring or training: large native buffers go back to the OS when freed. */
  public static void mapLargeBuffers() {
    mmapFrom(MMAP_BYTES);
  }

  /** True when glibc took the threshold (false elsewhere, or when the environment set one). */
  static boolean mmapFrom(int bytes) {
    try {
      return !USER_THRESHOLD && GLIBC != null && GLIBC.mallopt(M_MMAP_THRESHOLD, bytes) == 1;
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
