package dev.selfmoe.engine.train;

import dev.selfmoe.engine.EngineException;

/** Training data that cannot train anything at the given settings, such as prompts longer than the length limit. */
public final class UntrainableDataException extends EngineException {
  public UntrainableDataException(String message) {
    super(message);
  }
}
