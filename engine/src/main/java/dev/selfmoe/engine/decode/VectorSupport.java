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

  /**
   * What the Java decode kernels run on here, for benchmark reports: the CPU's widest float vector as the JVM sees
   * it and the width the int8 kernels use.
   */
  public static String describe() {
    if (!AVAILABLE) {
      return "no Java vector support (decode steps run on torch)";
    }
    return Int8Kernel.describe();
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
