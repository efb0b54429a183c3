package dev.selfmoe.engine.runtime;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

/** Under the inference threshold a large allocation is its own mapping; under the training one it is not. */
class NativeHeapTest {
  @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
      "fordblks", "keepcost"})
  public static class MallInfo2 extends Structure implements Structure.ByValue {
    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;
    public long hblkhd;
    public long usmblks;
    public long fsmblks;
    public long uordblks;
    public long fordblks;
    public long keepcost;
  }

  private interface Libc extends Library {
    MallInfo2 mallinfo2();

    Pointer malloc(long size);

    void free(Pointer p);
  }

  private static final Libc LIBC = Native.load("c", Libc.class);
  private static final long SIZE = 12 << 20; // between the two thresholds

  @Test
  void inferenceMapsLargeBuffersAndTrainingKeepsThemInTheHeap() {
    assumeTrue(System.getenv("MALLOC_MMAP_THRESHOLD_") == null, "the environment fixes the threshold");
    try {
      assertTrue(NativeHeap.mmapFrom(NativeHeap.INFERENCE_MMAP_BYTES), "glibc refused the inference threshold");
      assertEquals(1, mappedBlocksAdded(), "a 12 MiB buffer under the inference threshold");
      assertTrue(NativeHeap.mmapFrom(NativeHeap.TRAINING_MMAP_BYTES), "glibc refused the training threshold");
      assertEquals(0, mappedBlocksAdded(), "a 12 MiB buffer under the training threshold");
    } finally {
      NativeHeap.forInference();
    }
  }

  /** Mapped blocks glibc holds while one SIZE buffer is allocated, beyond those it held before. */
  private static long mappedBlocksAdded() {
    long before = LIBC.mallinfo2().hblks;
    Pointer p = LIBC.malloc(SIZE);
    try {
      return LIBC.mallinfo2().hblks - before;
    } finally {
      LIBC.free(p);
    }
  }
}
