package dev.selfmoe.engine.decode;

/**
 * Whether the Java vector API is usable here: the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (the launcher and the build do this) and the CPU has eight-float vectors. Checked before any class that uses the
 * API is loaded, so a JVM without the module just keeps decoding on torch.
 */
public final class VectorSupport {
  private static final boolean AVAILABLE = probe();

  private VectorSupport() {}

  public static boolean available() {
    return AVAILABLE;
  }

  private static boolean probe() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return Int8Kernel.supported();
    } catch (LinkageError e) {
      return false;
    }
  }
}
