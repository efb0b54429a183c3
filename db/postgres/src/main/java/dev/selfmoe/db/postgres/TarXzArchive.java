package dev.selfmoe.db.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/** Unpacks a {@code .tar.xz} stream, keeping symbolic links and the executable bits PostgreSQL's binaries need. */
final class TarXzArchive {
  private static final PosixFilePermission[] PERMISSION_BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  private TarXzArchive() {}

  static void extract(InputStream compressed, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (var tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(compressed)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path path = requireInside(root, root.resolve(stripLeadingSlash(entry.getName())), entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          requireInside(root, path.getParent().resolve(entry.getLinkName()), entry.getLinkName());
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        }
      }
    }
  }

  /** Refuses entries (or link targets) that would land outside the target, whatever the archive says. */
  private static Path requireInside(Path root, Path candidate, String nameInArchive) {
    Path path = candidate.normalize();
    if (!path.startsWith(root)) {
      throw new EmbeddedPostgresException("archive entry escapes the extraction directory: " + nameInArchive);
    }
    return path;
  }

  private static String stripLeadingSlash(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < PERMISSION_BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(PERMISSION_BITS[bit]);
      }
    }
    permissions.add(PosixFilePermission.OWNER_READ);
    return permissions;
  }
}
