package dev.selfmoe.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits rows for multi-row INSERTs: large enough to amortise round trips, small enough to stay far below
 * PostgreSQL's limit of 65535 bind parameters per statement.
 */
final class Batches {
  static final int MAX_PARAMETERS = 20_000;

  private Batches() {}

  static <T> List<List<T>> of(List<T> rows, int columnsPerRow) {
    int size = Math.max(1, MAX_PARAMETERS / columnsPerRow);
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += size) {
      batches.add(rows.subList(from, Math.min(rows.size(), from + size)));
    }
    return batches;
  }
}
