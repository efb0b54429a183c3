package dev.selfmoe.engine.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Fetches the files of a Hugging Face model repository that the engine loads into a local cache directory, one
 * directory per model and revision. Files already complete are not fetched again; interrupted ones resume.
 */
public final class HubDownloader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REQUIRED = List.of("config.json", "tokenizer.json");
  private static final List<String> OPTIONAL =
      List.of("generation_config.json", "tokenizer_config.json", "special_tokens_map.json");
  private static final String INDEX = "model.safetensors.index.json";

  private final DownloadSettings settings;
  private final HttpFetcher http;

  public HubDownloader(DownloadSettings settings) {
    this.settings = settings;
    this.http = new HttpFetcher(settings.token(), "set HF_ENDPOINT to a reachable mirror or pass a local model path");
  }

  /** The local directory holding the model, downloading what is missing. */
  public Path fetch(HubModelId id, ProgressListener progress) {
    Path dir = settings.cacheDir().resolve("hub").resolve(id.cacheKey());
    if (settings.offline()) {
      if (!Files.isRegularFile(dir.resolve("config.json"))) {
        throw new EngineException(id + " is not in the cache (" + dir + ") and downloads are off (offline mode)");
      }
      return dir;
    }
    for (String f : REQUIRED) {
      get(id, dir, f, progress, true);
    }
    for (String f : OPTIONAL) {
      get(id, dir, f, progress, false);
    }
    if (get(id, dir, INDEX, progress, false)) {
      for (String shard : shards(dir.resolve(INDEX))) {
        get(id, dir, shard, progress, true);
      }
    } else {
      get(id, dir, "model.safetensors", progress, true);
    }
    return dir;
  }

  private boolean get(HubModelId id, Path dir, String file, ProgressListener progress, boolean required) {
    Path target = dir.resolve(file);
    if (Files.isRegularFile(target)) {
      return true;
    }
    URI uri = URI.create(settings.hubEndpoint() + "/" + id.org() + "/" + id.name() + "/resolve/"
        + id.revision() + "/" + file);
    try {
      http.download(uri, target, file, progress);
      return true;
    } catch (HttpFetcher.NotFound e) {
      if (required) {
        throw new EngineException(id + ": the repository has no " + file + " (" + uri
            + "); selfmoe loads safetensors checkpoints with tokenizer.json");
      }
      return false;
    }
  }

  private static TreeSet<String> shards(Path index) {
    try {
      JsonNode map = JSON.readTree(index.toFile()).get("weight_map");
      if (map == null || !map.isObject()) {
        throw new EngineException(index + ": no weight_map");
      }
      TreeSet<String> files = new TreeSet<>();
      map.forEach(n -> {
        String name = n.asText();
        if (name.contains("/") || name.contains("..")) {
          throw new EngineException(index + ": shard name '" + name + "' is not a plain file name");
        }
        files.add(name);
      });
      return files;
    } catch (IOException e) {
      throw new EngineException(index + ": not valid JSON (" + e.getMessage() + ")", e);
    }
  }
}
