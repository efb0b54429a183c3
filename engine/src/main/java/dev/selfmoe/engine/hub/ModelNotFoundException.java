package dev.selfmoe.engine.hub;

import dev.selfmoe.engine.EngineException;

/** The model a user named is no file, directory, alias or hub id: retrying cannot help, the name must change. */
public final class ModelNotFoundException extends EngineException {
  public ModelNotFoundException(String message) {
    super(message);
  }
}
