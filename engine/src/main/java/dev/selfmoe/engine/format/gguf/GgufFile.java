package dev.selfmoe.engine.format.gguf;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.FileTrees;
import dev.selfmoe.engine.format.PositionalReads;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.WeightFile;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF v2/v3 file: its metadata and its tensors, memory-mapped.
 *
 * <p>Metadata values come back as Java objects: every integer type as {@link Long}, FLOAT32 as {@link Float}, FLOAT64
 * as {@link Double}, BOOL as {@link Boolean}, STRING as {@link String}, ARRAY as an unmodifiable {@link List} of those.
 */
public final class GgufFile implements WeightFile {
  private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
  private static final int DEFAULT_ALIGNMENT = 32;

  private final Path path;
  private final FileChannel channel;
  private final int version;
  private final Map<String, Object> metadata;
  private final Map<String, Entry> tensors;
  private final long dataStart;

  private record Entry(TensorInfo info, GgmlType type, long offset, long bytes) {}

  private GgufFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    long size = channel.size();
    ByteBuffer header =
        channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE)).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (size == 0) {
        throw fail("empty file, not a GGUF model");
      }
      if (size < 4 || header.getInt() != MAGIC) {
        throw fail("not a GGUF file (bad magic)");
      }
      version = header.getInt();
      if (version != 2 && version != 3) {
        throw fail("GGUF version " + version + " is not supported (only 2 and 3)");
      }
      long tensorCount = header.getLong();
      long kvCount = header.getLong();
      if (tensorCount < 0 || kvCount < 0 || tensorCount > 1_000_000 || kvCount > 1_000_000) {
        throw fail("corrupt header (" + tensorCount + " tensors, " + kvCount + " metadata keys)");
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      for (long i = 0; i < kvCount; i++) {
        String key = readString(header);
        meta.put(key, readValue(header, header.getInt(), key));
      }
      metadata = Collections.unmodifiableMap(meta);
      List<Object[]> raw = new ArrayList<>();
      for (long i = 0; i < tensorCount; i++) {
        String name = readString(header);
        int dims = header.getInt();
        if (dims < 1 || dims > 4) {
          throw fail("tensor " + name + " has " + dims + " dimensions");
        }
        long[] shape = new long[dims];
        for (int d = 0; d < dims; d++) {
          shape[dims - 1 - d] = header.getLong(); // GGUF lists the innermost dimension first
        }
        int typeId = header.getInt();
        long offset = header.getLong();
        raw.add(new Object[] {name, shape, typeId, offset});
      }
      long alignment = metadata.get("general.alignment") instanceof Long a && a > 0 ? a : DEFAULT_ALIGNMENT;
      dataStart = (header.position() + alignment - 1) / alignment * alignment;
      Map<String, Entry> byName = new LinkedHashMap<>();
      for (Object[] r : raw) {
        String name = (String) r[0];
        long[] shape = (long[]) r[1];
        int typeId = (Integer) r[2];
        long offset = (Long) r[3];
        GgmlType type = GgmlType.byId(typeId);
        String dtype = type == null ? "ggml-type-" + typeId : type.name();
        TensorInfo info = new TensorInfo(name, shape, dtype);
        long bytes = -1;
        if (type != null) {
          if (info.elementCount() % type.blockSize != 0) {
            throw fail("tensor " + name + " has " + info.elementCount() + " elements, not a whole number of "
                + type + " blocks");
          }
          bytes = type.byteSize(info.elementCount());
          if (dataStart + offset + bytes > size) {
            throw fail("truncated: tensor " + name + " ends at byte " + (dataStart + offset + bytes)
                + " but the file has " + size + " bytes");
          }
        }
        byName.put(name, new Entry(info, type, offset, bytes));
      }
      tensors = Collections.unmodifiableMap(byName);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw fail("truncated or corrupt header (it runs past the end of the file at byte " + size + ")");
    }
  }

  /** Opens and validates a GGUF file; tensor data is mapped lazily. */
  public static GgufFile open(Path path) {
    FileChannel channel = FileTrees.openForReading(path);
    try {
      return new GgufFile(path, channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new EngineException(path + ": cannot read (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  public int version() {
    return version;
  }

  public Map<String, Object> metadata() {
    return metadata;
  }

  /** Byte offset of the tensor data section. */
  public long dataStart() {
    return dataStart;
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

  /** The ggml type of a tensor, or null when its type id is unknown. */
  public GgmlType type(String name) {
    return entry(name).type();
  }

  /** The raw stored bytes of a tensor (read-only view of the mapping). */
  public ByteBuffer rawBytes(String name) {
    Entry e = entry(name);
    if (e.type == null) {
      throw fail("tensor " + name + " has " + e.info.dtype() + ", which selfmoe cannot read");
    }
    return map(e);
  }

  @Override
  public ByteBuffer readF32(String name) {
    Entry e = entry(name);
    if (e.type == null || !e.type.readable()) {
      throw fail("tensor " + name + " has type " + e.info.dtype() + ", which selfmoe cannot read");
    }
    ByteBuffer raw = map(e);
    if (e.type == GgmlType.F32) {
      return raw;
    }
    long n = e.info.elementCount();
    if (n * 4 > Integer.MAX_VALUE) {
      throw fail("tensor " + name + " is too large to dequantize in one buffer (" + n + " elements)");
    }
    ByteBuffer out = ByteBuffer.allocateDirect((int) (n * 4)).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = out.asFloatBuffer();
    e.type.dequantizer().dequantize(raw, floats, n / e.type.blockSize);
    return out;
  }

  @Override
  public ByteBuffer copyF32(String name) {
    Entry e = entry(name);
    if (e.type != GgmlType.F32) {
      return readF32(name); // dequantised into a buffer of its own
    }
    ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(e.bytes)).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (!PositionalReads.readFully(channel, out, dataStart + e.offset)) {
        throw fail("truncated while reading tensor " + name);
      }
    } catch (IOException ex) {
      throw fail("cannot read tensor " + name + " (" + ex.getMessage() + ")");
    }
    return out.flip();
  }

  /** Mapping a tensor by tensor keeps each map under 2 GiB and lets the OS page in only what is used. */
  private ByteBuffer map(Entry e) {
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, dataStart + e.offset, e.bytes)
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException ex) {
      throw fail("cannot map tensor " + e.info.name() + " (" + ex.getMessage() + ")");
    }
  }

  private Entry entry(String name) {
    Entry e = tensors.get(name);
    if (e == null) {
      throw fail("no tensor named " + name);
    }
    return e;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private EngineException fail(String what) {
    return new EngineException(path + ": " + what);
  }

  private String readString(ByteBuffer b) {
    long len = b.getLong();
    if (len < 0 || len > Integer.MAX_VALUE) {
      throw fail("corrupt string length " + len + " at byte " + (b.position() - 8));
    }
    if (len > b.remaining()) {
      throw fail("truncated or corrupt header (a " + len + "-byte string at byte " + (b.position() - 8)
          + " runs past the end of the file at byte " + b.limit() + ")");
    }
    byte[] bytes = new byte[(int) len];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private Object readValue(ByteBuffer b, int type, String key) {
    return switch (type) {
      case 0 -> (long) (b.get() & 0xFF);
      case 1 -> (long) b.get();
      case 2 -> (long) (b.getShort() & 0xFFFF);
      case 3 -> (long) b.getShort();
      case 4 -> b.getInt() & 0xFFFFFFFFL;
      case 5 -> (long) b.getInt();
      case 6 -> b.getFloat();
      case 7 -> b.get() != 0;
      case 8 -> readString(b);
      case 9 -> readArray(b, key);
      case 10, 11 -> b.getLong();
      case 12 -> b.getDouble();
      default -> throw fail("metadata key " + key + " has unknown value type " + type);
    };
  }

  private List<Object> readArray(ByteBuffer b, String key) {
    int elementType = b.getInt();
    long count = b.getLong();
    if (count < 0 || count > b.remaining()) {
      throw fail("metadata key " + key + " has a corrupt array length " + count);
    }
    List<Object> values = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      values.add(readValue(b, elementType, key));
    }
    return Collections.unmodifiableList(values);
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to recover: the mapping, if any, outlives the channel
    }
  }
}
