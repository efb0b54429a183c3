package dev.selfmoe.db;

import java.util.Arrays;

/** An experiment's state as stored in {@code experiment.status}. */
public enum ExperimentStatus {
  RUNNING("running"),
  COMPLETED("completed"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String sqlName;

  ExperimentStatus(String sqlName) {
    this.sqlName = sqlName;
  }

  public String sqlName() {
    return sqlName;
  }

  /** Terminal states carry a finish time. */
  public boolean isTerminal() {
    return this != RUNNING;
  }

  public static ExperimentStatus fromSqlName(String sqlName) {
    return Arrays.stream(values())
        .filter(status -> status.sqlName.equals(sqlName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not an experiment status: " + sqlName));
  }
}
