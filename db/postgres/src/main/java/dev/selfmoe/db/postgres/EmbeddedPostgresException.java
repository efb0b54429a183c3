package dev.selfmoe.db.postgres;

/**
 * The embedded server could not be prepared, started or stopped. The message is one line that names what to fix, so
 * a CLI can print it as is.
 */
public final class EmbeddedPostgresException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddedPostgresException(String message) {
    super(message);
  }

  public EmbeddedPostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
