package dev.selfmoe.engine.runtime;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Under the inference threshold a large allocation is a mapping of its own; under the training one it comes from
 * glibc's heap. glibc maps only when its heap has no room for a request, so the check runs in a fresh process (this
 * one's heap holds whatever earlier tests freed) with a single arena.
 */
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

  private static final long SIZE = 12 << 20; // between the two thresholds

  @Test
  void inferenceMapsLargeBuffersAndTrainingKeepsThemInTheHeap() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), NativeHeapTest.class.getName()).redirectErrorStream(true);
    pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
    pb.environment().put("MALLOC_ARENA_MAX", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    List<String> lines = out.lines().filter(l -> l.startsWith("mapped ")).toList();
    assertEquals(List.of("mapped inference 1", "mapped training 0"), lines, out);
  }

  /** The probe: mapped blocks a 12 MiB allocation adds under each threshold. */
  public static void main(String[] args) {
    Libc libc = Native.load("c", Libc.class);
    if (!NativeHeap.mmapFrom(NativeHeap.INFERENCE_MMAP_BYTES)) {
      System.out.println("glibc refused the inference threshold");
      return;
    }
    System.out.println("mapped inference " + mappedBlocksAdded(libc));
    if (!NativeHeap.mmapFrom(NativeHeap.TRAINING_MMAP_BYTES)) {
      System.out.println("glibc refused the training threshold");
      return;
    }
    System.out.println("mapped training " + mappedBlocksAdded(libc));
  }

  private static long mappedBlocksAdded(Libc libc) {
    long before = libc.mallinfo2().hblks;
    Pointer p = libc.malloc(SIZE);
    try {
      return libc.mallinfo2().hblks - before;
    } finally {
      libc.free(p);
    }
  }
}
