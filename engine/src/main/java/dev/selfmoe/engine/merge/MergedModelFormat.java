package dev.selfmoe.engine.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.AtomicDirectory;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.safetensors.SafetensorsFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsWriter;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A merge result on disk: {@code merged_deltas.safetensors} with one full [out, in] update per module, named like
 * the base weight it adds to ({@code model.layers.N.self_attn.q_proj.weight}), and {@code merge_config.json}
 * recording how it was made.
 */
public final class MergedModelFormat {
  public static final String DELTAS = "merged_deltas.safetensors";
  public static final String CONFIG = "merge_config.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("model\\.layers\\.(\\d+)\\.(self_attn|mlp)\\.(\\w+)\\.weight");

  private MergedModelFormat() {}

  /** Receives one module's update: its stored shape ({@code [out, in]} when made by selfmoe) and its values. */
  @FunctionalInterface
  public interface DeltaConsumer {
    void accept(LoraKey key, long[] shape, ByteBuffer values);
  }

  public static void save(Map<LoraKey, float[]> deltas, Map<LoraKey, int[]> shapes, ObjectNode recipe, Path dir) {
    Map<LoraKey, int[]> saved = new TreeMap<>();
    deltas.keySet().forEach(k -> saved.put(k, shapes.get(k)));
    save(saved, deltas::get, recipe, dir);
  }

  /**
   * Writes the update of every module in {@code shapes} ({in, out} each), asking {@code deltaOf} for each one only as
   * the file is written, so one module's update is in memory at a time rather than the whole merge (as large as the
   * model's weights).
   */
  public static void save(Map<LoraKey, int[]> shapes, Function<LoraKey, float[]> deltaOf, ObjectNode recipe,
      Path dir) {
    AtomicDirectory.write(dir, CONFIG, out -> {
      SafetensorsWriter w = new SafetensorsWriter();
      for (Map.Entry<LoraKey, int[]> e : new TreeMap<>(shapes).entrySet()) {
        LoraKey k = e.getKey();
        int[] inOut = e.getValue();
        w.add("model.layers." + k.layer() + "." + k.target().block + "." + k.target().module + ".weight",
            new long[] {inOut[1], inOut[0]}, () -> deltaOf.apply(k));
      }
      w.metadata("format", "pt").write(out.resolve(DELTAS));
      JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(CONFIG).toFile(), recipe);
    });
  }

  public static boolean isMergedModel(Path dir) {
    return Files.isRegularFile(dir.resolve(DELTAS));
  }

  /**
   * Hands each module's update to {@code consumer} as little-endian float32 in a direct buffer, read from the file
   * rather than mapped, so no page of it stays resident afterwards. One buffer serves every update: it holds a
   * module's values only during the call that receives them.
   */
  public static void forEachDelta(Path dir, DeltaConsumer consumer) {
    Path file = dir.resolve(DELTAS);
    if (!Files.isRegularFile(file)) {
      throw new EngineException(dir + ": no " + DELTAS + " (not a merged model made by selfmoe merge)");
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      long largest = 0;
      for (TensorInfo t : f.tensors()) {
        largest = Math.max(largest, 4 * t.elementCount());
      }
      ByteBuffer values = ByteBuffer.allocateDirect(Math.toIntExact(largest));
      for (TensorInfo t : f.tensors()) {
        Matcher m = NAME.matcher(t.name());
        if (!m.matches()) {
          throw new EngineException(file + ": unexpected tensor " + t.name());
        }
        if (!t.dtype().equals("F32")) {
          throw new EngineException(file + ": tensor " + t.name() + " is " + t.dtype() + ", not F32");
        }
        consumer.accept(new LoraKey(Integer.parseInt(m.group(1)), LoraTarget.byModule(m.group(3))), t.shape(),
            f.copyF32Into(t.name(), values));
      }
    }
  }

  public static JsonNode recipe(Path dir) {
    try {
      return JSON.readTree(dir.resolve(CONFIG).toFile());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
