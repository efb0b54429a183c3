package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.Buffer;
import java.util.List;

/**
 * All weights of a decoder, owned by one manager. Many arrays are zero-copy views of memory-mapped or dequantized
 * buffers, so {@code backing} keeps those buffers reachable for as long as the weights live.
 */
public final class ModelWeights implements AutoCloseable {
  public final NDArray embed; // [vocab, hidden]
  public final NDArray finalNorm; // [hidden]
  public final NDArray lmHead; // [vocab, hidden]; the same array as embed when tied
  public final List<LayerWeights> layers;

  private final NDManager manager;
  private final List<Buffer> backing;

  public ModelWeights(
      NDManager manager,
      NDArray embed,
      NDArray finalNorm,
      NDArray lmHead,
      List<LayerWeights> layers,
      List<Buffer> backing) {
    this.manager = manager;
    this.embed = embed;
    this.finalNorm = finalNorm;
    this.lmHead = lmHead;
    this.layers = List.copyOf(layers);
    this.backing = List.copyOf(backing);
  }

  public NDManager manager() {
    return manager;
  }

  public int backingBuffers() {
    return backing.size();
  }

  @Override
  public void close() {
    manager.close();
  }
}
