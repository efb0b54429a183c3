package dev.selfmoe.engine.format;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Writes a directory of results so that it appears complete or not at all: everything goes into a hidden sibling,
 * which is renamed into place at the end. An existing target is replaced only when it holds {@code marker} (a
 * previous result of the same kind); any other non-empty directory is refused, so nothing unrelated is lost.
 */
public final class AtomicDirectory {
  /** Fills a directory; may throw IOException. */
  @FunctionalInterface
  public interface Writer {
    void writeInto(Path dir) throws IOException;
  }

  private AtomicDirectory() {}

  public static void write(Path target, String marker, Writer writer) {
    Path dir = target.toAbsolutePath().normalize();
    if (Files.isRegularFile(dir)) {
      throw new EngineException(dir + ": is a file; expected a directory to write into");
    }
    boolean replacing = Files.isRegularFile(dir.resolve(marker));
    if (!replacing && Files.isDirectory(dir) && !isEmpty(dir)) {
      throw new EngineException(dir + ": already exists, is not empty and holds no earlier result to replace; choose a new output directory");
    }
    Path temp = dir.resolveSibling("." + dir.getFileName() + ".partial");
    Path old = dir.resolveSibling("." + dir.getFileName() + ".replaced");
    try {
      FileTrees.deleteRecursively(temp);
      Files.createDirectories(temp);
      writer.writeInto(temp);
    } catch (IOException | RuntimeException e) {
      // a failed write leaves nothing behind, and the target as it was
      try {
        FileTrees.deleteRecursively(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new EngineException(dir + ": cannot write (" + e.getMessage() + ")", e);
    }
    try {
      FileTrees.deleteRecursively(old);
      if (Files.exists(dir)) {
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      FileTrees.deleteRecursively(old);
    } catch (IOException e) {
      throw new EngineException(dir + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
