package dev.selfmoe.engine.lora;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.safetensors.SafetensorsFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** Edits a saved adapter directory in place, to make the malformed inputs that load must refuse. */
final class PeftFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tensor's shape and values. */
  record Tensor(long[] shape, float[] values) {}

  private PeftFiles() {}

  static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
    Path file = dir.resolve(PeftFormat.CONFIG_FILE);
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(root);
    JSON.writeValue(file.toFile(), root);
  }

  /** Maps each tensor to zero or more tensors (name to data); an empty map drops it. */
  static void rewriteTensors(Path dir, BiFunction<String, Tensor, Map<String, Tensor>> edit) {
    Path file = dir.resolve(PeftFormat.WEIGHTS_FILE);
    SafetensorsWriter out = new SafetensorsWriter();
    try (SafetensorsFile in = SafetensorsFile.open(file)) {
      for (TensorInfo t : in.tensors()) {
        var buf = in.readF32(t.name()).asFloatBuffer();
        float[] values = new float[buf.remaining()];
        buf.get(values);
        edit.apply(t.name(), new Tensor(t.shape(), values)).forEach((n, v) -> out.add(n, v.shape(), v.values()));
      }
    }
    out.write(file);
  }
}
