package dev.selfmoe.db;

/** PostgreSQL refused a statement given to {@link SelfmoeDatabase#sql}; the message is the server's first line. */
public final class SqlRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sql;

  public SqlRejectedException(String sql, String reason, Throwable cause) {
    super(reason, cause);
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }
}
