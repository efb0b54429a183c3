package dev.selfmoe.ui;

/** A request for something the database does not hold (an unknown id, a variant an experiment lacks): a 404. */
public final class MissingPage extends RuntimeException {
  public MissingPage(String message) {
    super(message);
  }
}
