package dev.selfmoe.engine.format.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.FileTrees;
import dev.selfmoe.engine.format.PositionalReads;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.WeightFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code .safetensors} file: an 8-byte header length, a JSON header of tensor names, dtypes, shapes and byte
 * ranges, then the raw data, which is memory-mapped. F32 comes back zero-copy; F16 and BF16 are widened in Java
 * (DJL must never see bfloat16).
 */
public final class SafetensorsFile implements WeightFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> tensors;
  private final Map<String, String> metadata;

  private record Entry(TensorInfo info, long begin, long end) {}

  private SafetensorsFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    long size = channel.size();
    if (size < 8) {
      throw fail("truncated: " + size + " bytes, too short for a safetensors header");
    }
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(len, 0);
    long headerLength = len.getLong(0);
    if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
      throw fail("corrupt or truncated header (header length " + headerLength + ", file size " + size + ")");
    }
    ByteBuffer header = ByteBuffer.allocate((int) headerLength);
    channel.read(header, 8);
    dataStart = 8 + headerLength;
    JsonNode root;
    try {
      root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw fail("corrupt header (not JSON)");
    }
    if (root == null || !root.isObject()) {
      throw fail("corrupt header (not a JSON object)");
    }
    Map<String, Entry> byName = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("__metadata__")) {
        f.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      byName.put(f.getKey(), entry(f.getKey(), f.getValue(), size - dataStart));
    }
    tensors = Collections.unmodifiableMap(byName);
    metadata = Collections.unmodifiableMap(meta);
  }

  private Entry entry(String name, JsonNode node, long dataBytes) {
    JsonNode shapeNode = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    String dtype = node.path("dtype").asText("");
    if (shapeNode == null || !shapeNode.isArray() || offsets == null || offsets.size() != 2 || dtype.isEmpty()) {
      throw fail("corrupt header entry for tensor " + name);
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong(-1);
      if (shape[i] < 0) {
        throw fail("tensor " + name + " has a negative dimension");
      }
    }
    TensorInfo info = new TensorInfo(name, shape, dtype);
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (begin < 0 || end < begin) {
      throw fail("tensor " + name + " has corrupt data offsets [" + begin + ", " + end + "]");
    }
    if (end > dataBytes) {
      throw fail("truncated: tensor " + name + " ends at data byte " + end + " but only " + dataBytes + " exist");
    }
    int width = width(dtype);
    if (width > 0 && end - begin != info.elementCount() * width) {
      throw fail("tensor " + name + " has " + (end - begin) + " bytes but its shape needs "
          + info.elementCount() * width);
    }
    return new Entry(info, begin, end);
  }

  public static SafetensorsFile open(Path path) {
    FileChannel channel = FileTrees.openForReading(path);
    try {
      return new SafetensorsFile(path, channel);
    } catch (IOException e) {
      close(channel);
      throw new EngineException(path + ": cannot read (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  /** The free-form {@code __metadata__} strings. */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Collection<TensorInfo> tensors() {
    return tensors.values().stream().map(Entry::info).toList();
  }

  @Override
  public Optional<TensorInfo> tensor(String name) {
    return Optional.ofNullable(tensors.get(name)).map(Entry::info);
  }

  @Override
  public ByteBuffer readF32(String name) {
    Entry e = tensors.get(name);
    if (e == null) {
      throw fail("no tensor named " + name);
    }
    String dtype = e.info.dtype();
    if (width(dtype) < 0) {
      throw fail("tensor " + name + " has dtype " + dtype + ", which selfmoe cannot read (F32, F16, BF16)");
    }
    ByteBuffer raw;
    try {
      raw = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, e.end - e.begin)
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException ex) {
      throw fail("cannot map tensor " + name + " (" + ex.getMessage() + ")");
    }
    if (dtype.equals("F32")) {
      return raw;
    }
    int n = Math.toIntExact(e.info.elementCount());
    ByteBuffer out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    ShortBuffer halves = raw.asShortBuffer();
    boolean bf16 = dtype.equals("BF16");
    for (int i = 0; i < n; i++) {
      short h = halves.get(i);
      out.putFloat(i * 4, bf16 ? Float.intBitsToFloat((h & 0xFFFF) << 16) : Float.float16ToFloat(h));
    }
    return out;
  }

  @Override
  public ByteBuffer copyF32(String name) {
    Entry e = tensors.get(name);
    if (e == null || !e.info.dtype().equals("F32")) {
      return readF32(name);
    }
    return copyF32Into(name, ByteBuffer.allocateDirect(Math.toIntExact(e.end - e.begin)));
  }

  /**
   * Reads a float32 tensor into the start of {@code out}, which must have the capacity, and returns {@code out} holding
   * just its values: one buffer can serve tensor after tensor.
   */
  public ByteBuffer copyF32Into(String name, ByteBuffer out) {
    Entry e = tensors.get(name);
    if (e == null) {
      throw fail("no tensor named " + name);
    }
    if (!e.info.dtype().equals("F32")) {
      throw fail("tensor " + name + " has dtype " + e.info.dtype() + ", not F32");
    }
    long bytes = e.end - e.begin;
    if (out.capacity() < bytes) {
      throw new IllegalArgumentException("a buffer of " + out.capacity() + " bytes cannot hold tensor " + name);
    }
    out.clear().limit(Math.toIntExact(bytes));
    out.order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (!PositionalReads.readFully(channel, out, dataStart + e.begin)) {
        throw fail("truncated while reading tensor " + name);
      }
    } catch (IOException ex) {
      throw fail("cannot read tensor " + name + " (" + ex.getMessage() + ")");
    }
    return out.flip();
  }

  /** Bytes per element of a readable dtype, or -1. */
  private static int width(String dtype) {
    return switch (dtype) {
      case "F32" -> 4;
      case "F16", "BF16" -> 2;
      default -> -1;
    };
  }

  @Override
  public void close() {
    close(channel);
  }

  private static void close(FileChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // mappings outlive the channel; nothing to recover
    }
  }

  private EngineException fail(String what) {
    return new EngineException(path + ": " + what);
  }
}
