package dev.selfmoe.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an ad-hoc statement returned: for a query, its column names and rows as text (SQL NULL as {@code null}) and
 * an update count of -1; for anything else, no columns or rows and the number of rows it changed.
 */
public record QueryResult(List<String> columns, List<List<String>> rows, long updateCount) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
  }

  static QueryResult ofRows(List<String> columns, List<List<String>> rows) {
    return new QueryResult(columns, rows, -1);
  }

  static QueryResult ofUpdate(long updateCount) {
    return new QueryResult(List.of(), List.of(), updateCount);
  }

  public boolean isQuery() {
    return updateCount < 0;
  }
}
