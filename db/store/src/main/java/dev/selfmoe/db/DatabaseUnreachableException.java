package dev.selfmoe.db;

/** No session could be opened with the given JDBC URL and credentials. */
public final class DatabaseUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String jdbcUrl;

  public DatabaseUnreachableException(String jdbcUrl, String reason, Throwable cause) {
    super("cannot reach PostgreSQL at " + jdbcUrl + ": " + reason, cause);
    this.jdbcUrl = jdbcUrl;
  }

  /** The URL as shown in the message, with any password in it masked. */
  public String jdbcUrl() {
    return jdbcUrl;
  }
}
