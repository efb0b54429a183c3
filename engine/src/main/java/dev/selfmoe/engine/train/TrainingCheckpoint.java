package dev.selfmoe.engine.train;

import dev.selfmoe.engine.format.FileTrees;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.safetensors.SafetensorsFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A training run's full state after an optimizer step: parameters, Adam moments, the step reached and a fingerprint
 * of the run's settings. Replacing the previous checkpoint is atomic (write beside it, then rename), so a crash
 * leaves either the old or the new one.
 */
public record TrainingCheckpoint(int step, String fingerprint, List<float[]> params, List<float[]> first,
    List<float[]> second, List<Double> losses) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void save(Path dir, int step, String fingerprint, List<NDArray> params, AdamW adam,
      List<Double> losses) {
    SafetensorsWriter tensors = new SafetensorsWriter();
    for (int i = 0; i < params.size(); i++) {
      long[] shape = params.get(i).getShape().getShape();
      tensors.add("param." + i, shape, params.get(i).toFloatArray());
      tensors.add("adam_m." + i, shape, adam.firstMoments().get(i).toFloatArray());
      tensors.add("adam_v." + i, shape, adam.secondMoments().get(i).toFloatArray());
    }
    Path temp = dir.resolveSibling(dir.getFileName() + ".writing");
    try {
      FileTrees.deleteRecursively(temp);
      Files.createDirectories(temp);
      tensors.write(temp.resolve("state.safetensors"));
      var state = JSON.createObjectNode().put("step", step).put("fingerprint", fingerprint)
          .put("parameters", params.size());
      losses.forEach(state.putArray("losses")::add);
      JSON.writeValue(temp.resolve("state.json").toFile(), state);
      Path old = dir.resolveSibling(dir.getFileName() + ".old");
      FileTrees.deleteRecursively(old);
      if (Files.exists(dir)) {
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      FileTrees.deleteRecursively(old);
    } catch (IOException e) {
      throw new EngineException(dir + ": cannot write the checkpoint (" + e.getMessage() + ")", e);
    }
  }

  /** The checkpoint in {@code dir}, or null when there is none; falls back to the previous one if a swap was cut. */
  public static TrainingCheckpoint load(Path dir) {
    Path old = dir.resolveSibling(dir.getFileName() + ".old");
    Path source = Files.isRegularFile(dir.resolve("state.json")) ? dir
        : Files.isRegularFile(old.resolve("state.json")) ? old : null;
    if (source == null) {
      return null;
    }
    try {
      JsonNode state = JSON.readTree(source.resolve("state.json").toFile());
      int n = state.path("parameters").asInt();
      List<float[]> p = new ArrayList<>();
      List<float[]> m = new ArrayList<>();
      List<float[]> v = new ArrayList<>();
      try (SafetensorsFile f = SafetensorsFile.open(source.resolve("state.safetensors"))) {
        for (int i = 0; i < n; i++) {
          p.add(floats(f, "param." + i));
          m.add(floats(f, "adam_m." + i));
          v.add(floats(f, "adam_v." + i));
        }
      }
      List<Double> losses = new ArrayList<>();
      state.path("losses").forEach(x -> losses.add(x.asDouble()));
      return new TrainingCheckpoint(state.path("step").asInt(), state.path("fingerprint").asText(), p, m, v, losses);
    } catch (IOException e) {
      throw new EngineException(source + ": unreadable checkpoint (" + e.getMessage() + "); delete it to start over");
    }
  }

  private static float[] floats(SafetensorsFile f, String name) {
    FloatBuffer b = f.readF32(name).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

}
