package dev.selfmoe.engine.format.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.WeightFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A checkpoint split over several safetensors files, joined by {@code model.safetensors.index.json}. */
public final class ShardedSafetensors implements WeightFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path index;
  private final Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
  private final List<SafetensorsFile> shards = new ArrayList<>();

  private ShardedSafetensors(Path index) {
    this.index = index;
  }

  public static ShardedSafetensors open(Path index) {
    JsonNode map;
    try {
      map = JSON.readTree(index.toFile()).get("weight_map");
    } catch (IOException e) {
      throw new EngineException(index + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (map == null || !map.isObject()) {
      throw new EngineException(index + ": no weight_map object");
    }
    ShardedSafetensors s = new ShardedSafetensors(index);
    Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
    try {
      map.fields().forEachRemaining(f -> {
        String shard = f.getValue().asText();
        SafetensorsFile file = opened.computeIfAbsent(shard, n -> {
          SafetensorsFile o = SafetensorsFile.open(index.resolveSibling(n));
          s.shards.add(o);
          return o;
        });
        if (file.tensor(f.getKey()).isEmpty()) {
          throw new EngineException(index + ": tensor " + f.getKey() + " is listed in " + shard + " but not in it");
        }
        s.byTensor.put(f.getKey(), file);
      });
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  @Override
  public Path path() {
    return index;
  }

  @Override
  public Collection<TensorInfo> tensors() {
    return byTensor.entrySet().stream().map(e -> e.getValue().tensor(e.getKey()).orElseThrow()).toList();
  }

  @Override
  public Optional<TensorInfo> tensor(String name) {
    SafetensorsFile f = byTensor.get(name);
    return f == null ? Optional.empty() : f.tensor(name);
  }

  @Override
  public ByteBuffer readF32(String name) {
    return shard(name).readF32(name);
  }

  @Override
  public ByteBuffer copyF32(String name) {
    return shard(name).copyF32(name);
  }

  private SafetensorsFile shard(String name) {
    SafetensorsFile f = byTensor.get(name);
    if (f == null) {
      throw new EngineException(index + ": no tensor named " + name);
    }
    return f;
  }

  @Override
  public void close() {
    shards.forEach(SafetensorsFile::close);
  }
}
