package dev.selfmoe.cli;

import dev.selfmoe.engine.format.FileTrees;
import java.io.IOException;
import java.nio.file.Path;

/** Removes a finished run's checkpoint: the saved result supersedes it. */
final class Checkpoints {
  private Checkpoints() {}

  static void delete(Path dir) {
    for (Path p : new Path[] {dir, dir.resolveSibling(dir.getFileName() + ".old")}) {
      try {
        FileTrees.deleteRecursively(p);
      } catch (IOException e) {
        System.err.println("selfmoe: could not remove the checkpoint " + p + ": " + e.getMessage());
      }
    }
  }
}
