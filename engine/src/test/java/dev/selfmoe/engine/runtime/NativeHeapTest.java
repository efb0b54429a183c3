package dev.selfmoe.engine.runtime;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the threshold fixed, a large allocation is a mapping of its own even after larger ones were freed; with
 * glibc's own rule, freeing a large mapping raises the threshold and the next allocation below it comes from the heap.
 * glibc maps only when its heap has no room for a request, so each check runs in a fresh process (this one's heap
 * holds whatever earlier tests freed) with a single arena.
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

  @Test
  void largeBuffersStayMappingsOfTheirOwnAfterLargerOnesWereFreed() throws IOException, InterruptedException {
    assertEquals("mapped 1 1 0", probe("glibc"), "glibc's own rule: the 24 MiB free raises the threshold");
    assertEquals("mapped 1 1 1", probe("fixed"));
  }

  private static String probe(String rule) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), NativeHeapTest.class.getName(), rule).redirectErrorStream(true);
    pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
    pb.environment().put("MALLOC_ARENA_MAX", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out.lines().filter(l -> l.startsWith("mapped")).findFirst().orElse(out);
  }

  /** The probe: whether 12, 24 and again 12 MiB allocations, each freed, were mappings of their own. */
  public static void main(String[] args) {
    Libc libc = Native.load("c", Libc.class);
    if (args[0].equals("fixed") && !NativeHeap.mmapFrom(NativeHeap.MMAP_BYTES)) {
      System.out.println("glibc refused the threshold");
      return;
    }
    System.out.println("mapped " + mappedBlocksAdded(libc, 12 << 20) + " " + mappedBlocksAdded(libc, 24 << 20) + " "
        + mappedBlocksAdded(libc, 12 << 20));
  }

  private static long mappedBlocksAdded(Libc libc, long size) {
    long before = libc.mallinfo2().hblks;
    Pointer p = libc.malloc(size);
    try {
      return libc.mallinfo2().hblks - before;
    } finally {
      libc.free(p);
    }
  }
}
