package dev.selfmoe.engine.format;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/** A file (or set of shards) of named tensors that the engine reads as float32. */
public interface WeightFile extends AutoCloseable {
  Path path();

  Collection<TensorInfo> tensors();

  Optional<TensorInfo> tensor(String name);

  /**
   * The tensor's values as little-endian float32, row-major. Float32 tensors come back as a zero-copy view of the
   * memory-mapped file, so the result is read-only and valid only while it is referenced.
   */
  ByteBuffer readF32(String name);

  /**
   * The tensor's values as little-endian float32 in a writable direct buffer of their own, read rather than mapped:
   * for data that is modified in place, or kept while no mapping of the file should stay resident beside it.
   */
  ByteBuffer copyF32(String name);

  @Override
  void close();
}
