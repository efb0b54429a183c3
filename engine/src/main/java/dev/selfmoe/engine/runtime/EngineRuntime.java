package dev.selfmoe.engine.runtime;

import ai.djl.engine.Engine;
import dev.selfmoe.engine.EngineException;

/**
 * Starts libtorch once per process with the settings the engine relies on: no network probes or downloads, one
 * intra-op thread per core, and a check of the MKL code path the launcher chose.
 */
public final class EngineRuntime {
  private static volatile Engine engine;

  private EngineRuntime() {}

  public static synchronized Engine init() {
    if (engine != null) {
      return engine;
    }
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    Engine started;
    try {
      started = Engine.getEngine("PyTorch");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new EngineException("cannot start the PyTorch engine: " + firstLine(e)
          + " (the pytorch-native-cpu jar must be on the class path)", e);
    }
    engine = started;
    MklCpuPath.verify();
    return started;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
