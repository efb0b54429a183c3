package dev.selfmoe.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process as the kernel counts it: Java heap, native tensors and mapped weights alike. */
public final class ProcessMemory {
  private ProcessMemory() {}

  public static long residentBytes() {
    return field("VmRSS:");
  }

  /** The high-water mark of resident memory since the process started. */
  public static long peakResidentBytes() {
    return field("VmHWM:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replace("kB", "").strip()) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
