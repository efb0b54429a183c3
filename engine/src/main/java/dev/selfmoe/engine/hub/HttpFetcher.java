package dev.selfmoe.engine.hub;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads one URL to one file, resumably: bytes go to {@code file.part} (continued with a Range request after an
 * interruption) and the file appears under its real name only when complete.
 */
final class HttpFetcher {
  /** The server has no such file (HTTP 404). */
  static final class NotFound extends Exception {
    NotFound(URI uri) {
      super(uri.toString());
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
  private final String bearerToken;
  private final String hint;

  /**
   * @param bearerToken sent as an Authorization header, or null
   * @param hint appended to "cannot reach" errors, telling the user what to change
   */
  HttpFetcher(String bearerToken, String hint) {
    this.bearerToken = bearerToken;
    this.hint = hint;
  }

  String getText(URI uri, String accept) throws NotFound {
    HttpResponse<String> r = send(request(uri).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    check(uri, r.statusCode());
    return r.body();
  }

  void download(URI uri, Path target, String item, ProgressListener progress) throws NotFound {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      Files.createDirectories(target.getParent());
      long have = Files.exists(part) ? Files.size(part) : 0;
      HttpRequest.Builder req = request(uri);
      if (have > 0) {
        req.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> r = send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() == 416) {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return; // the part file was already complete
      }
      check(uri, r.statusCode());
      boolean resumed = r.statusCode() == 206;
      long done = resumed ? have : 0;
      long total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (total >= 0) {
        total += done;
      }
      try (InputStream in = r.body();
          OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          done += n;
          progress.update(item, done, total);
        }
      }
      if (total >= 0 && done != total) {
        throw new EngineException(uri + ": connection closed after " + done + " of " + total
            + " bytes; run again to resume");
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EngineException("download of " + uri + " failed: " + e.getMessage() + "; run again to resume", e);
    }
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
    if (bearerToken != null && !bearerToken.isBlank()) {
      b.header("Authorization", "Bearer " + bearerToken);
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (ConnectException | HttpTimeoutException | UnresolvedAddressException e) {
      throw unreachable(request.uri(), e);
    } catch (IOException e) {
      if (e.getCause() instanceof UnresolvedAddressException || e.getMessage() == null) {
        throw unreachable(request.uri(), e);
      }
      throw new EngineException("request to " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while fetching " + request.uri(), e);
    }
  }

  private EngineException unreachable(URI uri, Exception e) {
    return new EngineException("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " ("
        + e.getClass().getSimpleName() + "); " + hint, e);
  }

  private static void check(URI uri, int status) throws NotFound {
    if (status == 404) {
      throw new NotFound(uri);
    }
    if (status == 401 || status == 403) {
      throw new EngineException(uri + ": access denied (HTTP " + status + "); set HF_TOKEN for gated models");
    }
    if (status / 100 != 2) {
      throw new EngineException(uri + ": HTTP " + status);
    }
  }
}
