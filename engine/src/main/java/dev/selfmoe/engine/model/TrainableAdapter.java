package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** An adapter with parameters a trainer can update: a LoRA, a router, or both. */
public interface TrainableAdapter extends BlockAdapter {
  /** The tensors to optimise, in a fixed order (checkpoints rely on it). */
  List<NDArray> parameters();

  void setTrainable(boolean trainable);
}
