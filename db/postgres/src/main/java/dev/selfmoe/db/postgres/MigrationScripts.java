package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The migration scripts as shipped, in a classes directory or a jar; their fingerprint tells when the schema moved. */
public final class MigrationScripts {
  private static final String DIRECTORY = "db/migration";

  private MigrationScripts() {}

  /** sha256 over every script's name and bytes, in name order. */
  public static String fingerprint() {
    URL location = MigrationScripts.class.getClassLoader().getResource(DIRECTORY);
    if (location == null) {
      throw new IllegalStateException(DIRECTORY + " is not on the classpath of " + MigrationScripts.class);
    }
    try {
      URI uri = location.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return fingerprint(jar.provider().getPath(uri));
        }
      }
      return fingerprint(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("odd classpath location " + location, e);
    }
  }

  private static String fingerprint(Path directory) throws IOException {
    MessageDigest digest = sha256();
    List<Path> scripts;
    try (Stream<Path> files = Files.list(directory)) {
      scripts = files.filter(file -> file.getFileName().toString().endsWith(".sql")).sorted().toList();
    }
    for (Path script : scripts) {
      digest.update(script.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(Files.readAllBytes(script));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
