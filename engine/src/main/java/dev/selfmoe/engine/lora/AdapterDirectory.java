package dev.selfmoe.engine.lora;

import dev.selfmoe.engine.format.FileTrees;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts a freshly written adapter directory in place so readers see the old adapter or the new one, never a mix.
 *
 * <p>A target that exists must be empty or already hold a PEFT adapter (an adapter_config.json): that adapter is being
 * replaced. Its adapter files go, everything else in it (a README, tokenizer files, training logs) is copied into the
 * new directory first, so nothing unrelated is lost. The old directory is then renamed aside, the new one renamed in,
 * and the old one deleted; a crash between the two renames leaves the old adapter intact under {@code .NAME.replaced}.
 */
final class AdapterDirectory {
  /** The files that make up a PEFT adapter; these are replaced, not carried over. */
  static final Set<String> ADAPTER_FILES =
      Set.of(PeftFormat.CONFIG_FILE, PeftFormat.WEIGHTS_FILE, "adapter_model.bin");

  interface Writer {
    void writeInto(Path dir) throws IOException;
  }

  private AdapterDirectory() {}

  static void write(Path target, Writer writer) {
    Path dir = target.toAbsolutePath().normalize();
    boolean replacing = checkTarget(dir);
    Path temp = dir.resolveSibling("." + dir.getFileName() + ".partial");
    Path aside = dir.resolveSibling("." + dir.getFileName() + ".replaced");
    try {
      FileTrees.deleteRecursively(temp);
      Files.createDirectories(temp);
      writer.writeInto(temp);
      if (replacing) {
        copyOthers(dir, temp);
        FileTrees.deleteRecursively(aside);
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        FileTrees.deleteRecursively(aside);
      } else {
        Files.deleteIfExists(dir); // empty, or rename refuses it on some file systems
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      try {
        FileTrees.deleteRecursively(temp);
      } catch (IOException ignored) {
        // the partial directory is hidden and replaced by the next save
      }
      throw new EngineException(dir + ": cannot write the adapter (" + e + ")", e);
    }
  }

  /** @return whether an existing adapter is being replaced */
  private static boolean checkTarget(Path dir) {
    if (!Files.exists(dir)) {
      return false;
    }
    if (!Files.isDirectory(dir)) {
      throw new EngineException(dir + ": exists and is not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        return false;
      }
    } catch (IOException e) {
      throw new EngineException(dir + ": cannot list (" + e.getMessage() + ")", e);
    }
    if (!Files.isRegularFile(dir.resolve(PeftFormat.CONFIG_FILE))) {
      throw new EngineException(dir + ": not empty and holds no PEFT adapter (no " + PeftFormat.CONFIG_FILE
          + "); choose an empty or new directory");
    }
    return true;
  }

  private static void copyOthers(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path rel = from.relativize(p);
        if (rel.toString().isEmpty() || (rel.getNameCount() == 1 && ADAPTER_FILES.contains(rel.toString()))) {
          continue;
        }
        Files.copy(p, to.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

}
