package dev.selfmoe.activities;

import dev.selfmoe.db.SelfmoeDatabase;

/** Row counts, to show that reusing an artifact writes nothing. */
public final class Rows {
  private Rows() {}

  public static long count(SelfmoeDatabase db, String table) {
    return Long.parseLong(db.sql("SELECT count(*) FROM " + table).rows().get(0).get(0));
  }
}
