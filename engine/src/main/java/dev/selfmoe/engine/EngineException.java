package dev.selfmoe.engine;

/**
 * A failure the user can act on: the message is shown as-is on one line, so it names the offending file, tensor or
 * value and what is wrong with it.
 */
public class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
