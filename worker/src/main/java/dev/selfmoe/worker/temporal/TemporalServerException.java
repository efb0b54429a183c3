package dev.selfmoe.worker.temporal;

/** A Temporal server could not be started or reached; the message is a one-line error saying what to fix. */
public class TemporalServerException extends RuntimeException {
  public TemporalServerException(String message) {
    super(message);
  }

  public TemporalServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
