package dev.selfmoe.activities.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sha256 that names an artifact. A file's is over its bytes. A directory's is over a canonical listing: one line
 * {@code <relative path> <size> <sha256 of the file>} per regular file, paths with '/' separators, sorted, so the
 * name depends only on the files' names and contents (not on timestamps, permissions or the order the file system
 * lists them in).
 */
public final class ContentHash {
  private ContentHash() {}

  public static String of(Path p) {
    if (!Files.isDirectory(p)) {
      return fileSha256(p);
    }
    StringBuilder listing = new StringBuilder();
    for (Path f : files(p)) {
      listing.append(relative(p, f)).append(' ').append(size(f)).append(' ').append(fileSha256(f)).append('\n');
    }
    return hex(digest().digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Bytes in the file, or in all files under the directory. */
  public static long sizeBytes(Path p) {
    if (!Files.isDirectory(p)) {
      return size(p);
    }
    return files(p).stream().mapToLong(ContentHash::size).sum();
  }

  static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot list (" + e.getMessage() + ")", e);
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      throw new UncheckedIOException(f + ": cannot read its size (" + e.getMessage() + ")", e);
    }
  }

  private static String fileSha256(Path f) {
    MessageDigest md = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(f + ": cannot read (" + e.getMessage() + ")", e);
    }
    return hex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
