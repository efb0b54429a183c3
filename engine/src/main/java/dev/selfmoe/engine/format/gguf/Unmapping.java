package dev.selfmoe.engine.format.gguf;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Unmaps a tensor's mapping as soon as it has been dequantised, rather than when the garbage collector gets to it: a
 * quantised checkpoint's pages otherwise stay in the process's resident memory next to their float copies.
 */
final class Unmapping {
  private static final sun.misc.Unsafe UNSAFE = unsafe();

  private Unmapping() {}

  private static sun.misc.Unsafe unsafe() {
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Unmaps {@code mapping}, which must not be read again; where that is not possible, leaves it to the collector. */
  static void release(ByteBuffer mapping) {
    if (UNSAFE == null || !mapping.isDirect()) {
      return;
    }
    try {
      UNSAFE.invokeCleaner(mapping);
    } catch (IllegalArgumentException e) {
      // a slice or duplicate: its parent owns the mapping
    }
  }
}
