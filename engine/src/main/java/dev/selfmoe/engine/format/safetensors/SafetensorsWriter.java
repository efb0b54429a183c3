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
import java.util.function.Supplier;

/**
 * Builds a float32 safetensors file. {@link #write} goes through a temporary file in the target's directory and an
 * atomic rename, so a crash never leaves a half-written file under the real name.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A tensor to write: little-endian bytes, floats converted a chunk at a time when the file is written, or floats
   * made only then.
   */
  private record Pending(String name, long[] shape, ByteBuffer bytes, float[] floats, Supplier<float[]> later) {
    long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    long byteSize() {
      return bytes != null ? bytes.remaining() : floats != null ? 4L * floats.length : 4L * elements();
    }
  }

  /** Floats converted to bytes per write when a tensor is given as a float array. */
  private static final int CHUNK_FLOATS = 1 << 18;

  private final List<Pending> tensors = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /**
   * {@code values} is kept, not copied, and read when the file is written: a merged model's updates are as large as
   * the model's weights, and a second copy of them as bytes would double what writing one holds.
   */
  public SafetensorsWriter add(String name, long[] shape, float[] values) {
    return add(new Pending(name, shape.clone(), null, values, null));
  }

  /**
   * {@code values} is called when the file is written, tensor after tensor, and its result dropped once written: a
   * file of large computed tensors (a merge's updates) never needs them all in memory at once.
   */
  public SafetensorsWriter add(String name, long[] shape, Supplier<float[]> values) {
    return add(new Pending(name, shape.clone(), null, null, values));
  }

  public SafetensorsWriter add(String name, long[] shape, FloatBuffer values) {
    FloatBuffer v = values.duplicate();
    ByteBuffer b = ByteBuffer.allocate(v.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return add(name, shape, b);
  }

  /** {@code littleEndianF32} is read from its position to its limit when the file is written. */
  public SafetensorsWriter add(String name, long[] shape, ByteBuffer littleEndianF32) {
    return add(new Pending(name, shape.clone(), littleEndianF32.duplicate(), null, null));
  }

  private SafetensorsWriter add(Pending t) {
    long n = t.elements();
    if (t.byteSize() != n * 4) {
      throw new EngineException("tensor " + t.name + ": " + t.byteSize() + " bytes for shape of " + n + " floats");
    }
    if (tensors.stream().anyMatch(p -> p.name.equals(t.name)) || t.name.equals("__metadata__")) {
      throw new EngineException("tensor name " + t.name + " is used twice");
    }
    tensors.add(t);
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
      long end = offset + t.byteSize();
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
      ByteBuffer chunk = null;
      for (Pending t : tensors) {
        if (t.bytes != null) {
          writeFully(out, t.bytes.duplicate());
          continue;
        }
        if (chunk == null) {
          chunk = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
        }
        float[] floats = t.floats != null ? t.floats : t.later.get();
        if (floats.length != t.elements()) {
          throw new EngineException("tensor " + t.name + ": " + floats.length + " floats made for a shape of "
              + t.elements());
        }
        for (int from = 0; from < floats.length; from += CHUNK_FLOATS) {
          int n = Math.min(CHUNK_FLOATS, floats.length - from);
          chunk.clear();
          chunk.asFloatBuffer().put(floats, from, n);
          chunk.limit(4 * n);
          writeFully(out, chunk);
        }
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
