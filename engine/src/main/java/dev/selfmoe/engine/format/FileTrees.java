package dev.selfmoe.engine.format;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores every format shares. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes a file or a directory with everything in it; nothing happens when it does not exist. */
  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /**
   * Recreates the tree at {@code source} under {@code target}, hard-linking each file where the file system allows
   * and copying it otherwise; for trees that are never modified in place.
   */
  public static void linkOrCopy(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new NoSuchFileException(source + " (expected a directory)");
    }
    try (Stream<Path> s = Files.walk(source)) {
      for (Path p : s.sorted().toList()) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          try {
            Files.createLink(t, p);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(p, t);
          }
        }
      }
    }
  }

  /** A read-only channel, or an error naming the file. */
  public static FileChannel openForReading(Path path) {
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new EngineException(path + ": no such file");
    } catch (IOException e) {
      throw new EngineException(path + ": cannot open (" + e.getMessage() + ")");
    }
  }
}
