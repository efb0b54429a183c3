package dev.selfmoe.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs whatever SQL a person typed, for the {@code selfmoe sql} command; the stores never go through here. */
final class AdHocStatement {
  private AdHocStatement() {}

  static QueryResult run(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      if (!statement.execute(sql)) {
        return QueryResult.ofUpdate(Math.max(statement.getUpdateCount(), 0));
      }
      try (ResultSet results = statement.getResultSet()) {
        return read(results);
      }
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new SqlRejectedException(sql, message.strip().lines().findFirst().orElse(message), e);
    }
  }

  private static QueryResult read(ResultSet results) throws SQLException {
    ResultSetMetaData metadata = results.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int column = 1; column <= metadata.getColumnCount(); column++) {
      columns.add(metadata.getColumnLabel(column));
    }
    List<List<String>> rows = new ArrayList<>();
    while (results.next()) {
      List<String> row = new ArrayList<>(columns.size());
      for (int column = 1; column <= columns.size(); column++) {
        row.add(results.getString(column));
      }
      rows.add(row);
    }
    return QueryResult.ofRows(columns, rows);
  }
}
