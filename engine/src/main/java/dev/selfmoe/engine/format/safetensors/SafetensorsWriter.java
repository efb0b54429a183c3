package dev.selfmoe.engine.format.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a float32 safetensors file. {@link #write} goes through a temporary file in the target's directory and an
 * atomic rename, so a crash never leaves a half-written file under the real name.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Pending(String name, long[] shape, ByteBuffer data) {}

  private final List<Pending> tensors = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  public SafetensorsWriter add(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return add(name, shape, b);
  }

  public SafetensorsWriter add(String name, long[] shape, FloatBuffer values) {
    FloatBuffer v = values.duplicate();
    ByteBuffer b = ByteBuffer.allocate(v.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return add(name, shape, b);
  }

  /** {@code littleEndianF32} is read from its position to its limit when the file is written. */
  public SafetensorsWriter add(String name, long[] shape, ByteBuffer littleEndianF32) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (littleEndianF32.remaining() != n * 4) {
      throw new EngineException("tensor " + name + ": " + littleEndianF32.remaining() + " bytes for shape of "
          + n + " floats");
    }
    if (tensors.stream().anyMatch(t -> t.name.equals(name)) || name.equals("__metadata__")) {
      throw new EngineException("tensor name " + name + " is used twice");
    }
    tensors.add(new Pending(name, shape.clone(), littleEndianF32.duplicate()));
    return this;
  }

  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public void write(Path target) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Pending t : tensors) {
      ObjectNode node = header.putObject(t.name);
      node.put("dtype", "F32");
      var shape = node.putArray("shape");
      for (long d : t.shape) {
        shape.add(d);
      }
      long end = offset + t.data.remaining();
      node.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8; // keeps the data 8-byte aligned for zero-copy readers
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".partial");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(out, head);
      for (Pending t : tensors) {
        writeFully(out, t.data.duplicate());
      }
      out.force(true);
    } catch (IOException e) {
      throw new EngineException(target + ": cannot write (" + e.getMessage() + ")", e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EngineException(target + ": cannot move the finished file into place (" + e.getMessage() + ")", e);
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
