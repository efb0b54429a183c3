package dev.selfmoe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a finished run's checkpoint: the saved result supersedes it. */
final class Checkpoints {
  private Checkpoints() {}

  static void delete(Path dir) {
    for (Path p : new Path[] {dir, dir.resolveSibling(dir.getFileName() + ".old")}) {
      if (!Files.exists(p)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(p)) {
        for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      } catch (IOException e) {
        System.err.println("selfmoe: could not remove the checkpoint " + p + ": " + e.getMessage());
      }
    }
  }
}
