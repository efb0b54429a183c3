package dev.selfmoe.engine.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.PositionalReads;
import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.ModuleShapes;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A merged model's updates added into the loaded base model's weights (W + ΔW per module) for as long as it is
 * attached. The model then runs as the merged model, with no second copy of the updates held beside the weights and
 * one product per module instead of two. The weights it overwrites wait in an unlinked temporary file, which vanishes
 * with the process whatever happens, and are written back bit for bit on close: adding and then subtracting the same
 * float32 update would not restore them exactly.
 */
public final class InPlaceMerge implements AutoCloseable {
  private final LanguageModel model;
  private final FileChannel saved;
  private final List<LoraKey> changed = new ArrayList<>();
  private boolean closed;

  private InPlaceMerge(LanguageModel model, FileChannel saved) {
    this.model = model;
    this.saved = saved;
  }

  /** Adds the updates of the merged model in {@code dir} into {@code model}'s weights. */
  public static InPlaceMerge apply(LanguageModel model, Path dir) {
    InPlaceMerge merge = new InPlaceMerge(model, unlinkedTempFile());
    try (NDManager scratch = model.manager().newSubManager()) {
      MergedModelFormat.forEachDelta(dir, (key, shape, values) -> merge.add(key, shape, values, scratch));
    } catch (RuntimeException e) {
      try {
        merge.close();
      } catch (RuntimeException restoring) {
        e.addSuppressed(restoring);
      }
      throw e;
    } finally {
      model.weightsChanged();
    }
    return merge;
  }

  private void add(LoraKey key, long[] shape, ByteBuffer values, NDManager scratch) {
    ModelConfig c = model.config();
    int in = ModuleShapes.in(c, key.target());
    int out = ModuleShapes.out(c, key.target());
    // the shape, not only the count: a transposed update has as many values and would add nonsense
    if (key.layer() >= c.layers() || !Arrays.equals(shape, new long[] {out, in})) {
      throw new EngineException("merged update for layer " + key.layer() + " " + key.target().module + " is "
          + Arrays.toString(shape) + ", which does not match the base model ([" + out + ", " + in + "], "
          + c.layers() + " layers)");
    }
    if (changed.contains(key)) {
      throw new EngineException("the merged model holds two updates for layer " + key.layer() + " "
          + key.target().module);
    }
    NDArray weight = weight(key);
    write(weight.toByteBuffer(true)); // a view of the weight's memory, not a copy
    changed.add(key);
    try (NDArray update = scratch.create(values, new Shape(out, in), DataType.FLOAT32)) {
      weight.addi(update);
    }
  }

  /**
   * Puts back the base weights, in the order they were saved. Should that fail, the model is marked damaged, so that
   * nothing reuses weights that still hold part of the merge.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // a pending interrupt would close the channel at its first read and leave the merge in the weights
    boolean interrupted = Thread.interrupted();
    try (saved; NDManager scratch = model.manager().newSubManager()) {
      restore(scratch);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      model.markDamaged("its base weights could not be restored after a merged model: " + why);
      throw new EngineException("cannot restore the base weights under a merged model: " + why, e);
    } finally {
      model.weightsChanged();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void restore(NDManager scratch) throws IOException {
    long largest = changed.stream().mapToLong(k -> weight(k).size()).max().orElse(0);
    ByteBuffer original = ByteBuffer.allocateDirect(Math.toIntExact(4 * largest)).order(ByteOrder.nativeOrder());
    long at = 0;
    for (LoraKey key : changed) {
      NDArray weight = weight(key);
      original.clear().limit(Math.toIntExact(4 * weight.size()));
      if (!PositionalReads.readFully(saved, original, at)) {
        throw new IOException("the saved base weights end early");
      }
      at += original.limit();
      try (NDArray values = scratch.create(original.flip(), weight.getShape(), DataType.FLOAT32)) {
        // w - w is exactly 0 for every finite weight, so the sum is the saved value itself
        weight.subi(weight).addi(values);
      }
    }
  }

  private NDArray weight(LoraKey key) {
    return model.transformer().weights().layers.get(key.layer()).linear(key.target());
  }

  private void write(ByteBuffer values) {
    try {
      long at = saved.size();
      while (values.hasRemaining()) {
        at += saved.write(values, at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the base weights before merging: " + e.getMessage(), e);
    }
  }

  private static FileChannel unlinkedTempFile() {
    try {
      Path file = Files.createTempFile("selfmoe-base-weights-", ".f32");
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Files.delete(file);
      return channel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for the base weights under a merged model ("
          + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
    }
  }
}
