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
   * During inference, an allocation from this size on (a prompt's scores and activations) that glibc's heap has no
   * room for is mapped from the OS, so it goes back when freed: glibc's own rule grows its heap for these once the
   * first large one is freed, and a long run's passes of different sizes fragment that heap into hundreds of
   * megabytes it never returns.
   */
  public static final int INFERENCE_MMAP_BYTES = 4 << 20;

  /**
   * Training frees and reallocates the same buffers every step; mapping them afresh each time would cost page faults
   * (twice the step time at glibc's smallest threshold), so they stay in glibc's heap up to the size glibc's own rule
   * reaches.
   */
  public static final int TRAINING_MMAP_BYTES = 32 << 20;

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

  /** Before generating or scoring: large native buffers go back to the OS when freed. */
  public static void forInference() {
    mmapFrom(INFERENCE_MMAP_BYTES);
  }

  /** Before training: native buffers are kept for reuse from step to step. */
  public static void forTraining() {
    mmapFrom(TRAINING_MMAP_BYTES);
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
