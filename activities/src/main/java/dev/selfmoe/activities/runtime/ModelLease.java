package dev.selfmoe.activities.runtime;

import dev.selfmoe.engine.model.LanguageModel;

/**
 * Exclusive use of a cached model; closing it detaches whatever was left attached, hands back the memory decoding
 * kept between calls, and hands the model on.
 */
public final class ModelLease implements AutoCloseable {
  private final LanguageModel model;
  private final Runnable release;
  private boolean released;

  ModelLease(LanguageModel model, Runnable release) {
    this.model = model;
    this.release = release;
  }

  public LanguageModel model() {
    return model;
  }

  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    // an activity that failed half-way may leave an adapter on: the next holder must find the bare base model
    model.transformer().setAdapter(null);
    try {
      model.releaseDecodeMemory();
    } finally {
      release.run();
    }
  }
}
