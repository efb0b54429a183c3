package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.TensorInfo;
import dev.selfmoe.engine.format.WeightFile;
import dev.selfmoe.engine.model.TensorNames.Layer;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads a checkpoint's tensors into {@link ModelWeights}, checking every shape against the config and bringing each
 * source's conventions (GGUF's permuted q/k rows, Gemma's w - 1 norms) to the engine's single layout.
 */
public final class WeightLoader {
  private final ModelConfig config;
  private final WeightFile file;
  private final UnaryOperator<String> fileName;
  private final boolean unpermuteQk;
  private final boolean addOneToNorms;
  private final NDManager manager;
  private final List<Buffer> backing = new ArrayList<>();

  /**
   * @param fileName maps a canonical (HF) tensor name to the name stored in {@code file}
   * @param unpermuteQk the file stores q/k rows in the adjacent-pair RoPE order
   * @param addOneToNorms the file stores norm weights as w - 1
   */
  public WeightLoader(
      ModelConfig config,
      WeightFile file,
      UnaryOperator<String> fileName,
      boolean unpermuteQk,
      boolean addOneToNorms,
      NDManager manager) {
    this.config = config;
    this.file = file;
    this.fileName = fileName;
    this.unpermuteQk = unpermuteQk;
    this.addOneToNorms = addOneToNorms;
    this.manager = manager;
  }

  public ModelWeights load() {
    int h = config.hiddenSize();
    NDArray embed = required(TensorNames.EMBED, config.vocabSize(), h);
    NDArray finalNorm = norm(TensorNames.FINAL_NORM);
    NDArray lmHead =
        config.tiedEmbeddings() ? embed : required(TensorNames.LM_HEAD, config.vocabSize(), h);
    List<LayerWeights> layers = new ArrayList<>();
    for (int i = 0; i < config.layers(); i++) {
      layers.add(layer(i));
    }
    return new ModelWeights(manager, embed, finalNorm, lmHead, layers, backing);
  }

  private LayerWeights layer(int i) {
    int h = config.hiddenSize();
    int inter = config.intermediateSize();
    boolean bias = config.family().qkvBias;
    return new LayerWeights(
        norm(Layer.ATTN_NORM.hf(i)),
        qk(linear(Layer.Q.hf(i), config.qDim(), h), config.heads()),
        qk(linear(Layer.K.hf(i), config.kvDim(), h), config.kvHeads()),
        linear(Layer.V.hf(i), config.kvDim(), h),
        bias ? qk(required(Layer.Q_BIAS.hf(i), config.qDim()), config.heads()) : null,
        bias ? qk(required(Layer.K_BIAS.hf(i), config.kvDim()), config.kvHeads()) : null,
        bias ? required(Layer.V_BIAS.hf(i), config.kvDim()) : null,
        linear(Layer.O.hf(i), h, config.qDim()),
        norm(Layer.MLP_NORM.hf(i)),
        linear(Layer.GATE.hf(i), inter, h),
        linear(Layer.UP.hf(i), inter, h),
        linear(Layer.DOWN.hf(i), h, inter));
  }

  private NDArray norm(String name) {
    NDArray w = required(name, config.hiddenSize());
    return addOneToNorms ? w.add(1f) : w;
  }

  /** Undoes the GGUF row order: [heads, D/2, 2, ...] back to [heads, 2, D/2, ...]. */
  private NDArray qk(NDArray w, int heads) {
    if (!unpermuteQk) {
      return w;
    }
    Shape s = w.getShape();
    long rest = s.dimension() == 2 ? s.get(1) : 1;
    return w.reshape(heads, config.headDim() / 2, 2, rest).swapAxes(1, 2).reshape(s);
  }

  private NDArray required(String name, long... shape) {
    return read(name, false, shape);
  }

  /**
   * A block's linear weight, always in memory of the process's own, never a read-only mapping of the file: merged
   * models are evaluated with their updates added into these in place.
   */
  private NDArray linear(String name, long... shape) {
    return read(name, true, shape);
  }

  private NDArray read(String name, boolean writable, long... shape) {
    String stored = fileName.apply(name);
    Optional<TensorInfo> info = file.tensor(stored);
    if (info.isEmpty()) {
      throw new EngineException(file.path() + ": missing tensor " + stored);
    }
    long[] actual = info.get().shape();
    if (!Arrays.equals(actual, shape)) {
      throw new EngineException(file.path() + ": tensor " + stored + " has shape " + Arrays.toString(actual)
          + " but the model config needs " + Arrays.toString(shape));
    }
    ByteBuffer data = writable ? file.copyF32(stored) : file.readF32(stored);
    backing.add(data);
    return manager.create(data, new Shape(shape), DataType.FLOAT32);
  }
}
