package dev.selfmoe.engine.format.safetensors;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.WeightFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the weights of a Hugging Face model directory: an index over shards, or one safetensors file. */
public final class SafetensorsFiles {
  private SafetensorsFiles() {}

  public static WeightFile openDirectory(Path dir) {
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      return ShardedSafetensors.open(index);
    }
    Path single = dir.resolve("model.safetensors");
    if (Files.isRegularFile(single)) {
      return SafetensorsFile.open(single);
    }
    List<Path> found;
    try (Stream<Path> s = Files.list(dir)) {
      found = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList();
    } catch (IOException e) {
      throw new EngineException(dir + ": cannot list the directory (" + e.getMessage() + ")");
    }
    if (found.size() == 1) {
      return SafetensorsFile.open(found.get(0));
    }
    throw new EngineException(dir + ": " + (found.isEmpty() ? "no .safetensors weights"
        : found.size() + " .safetensors files but no model.safetensors.index.json to join them"));
  }
}
