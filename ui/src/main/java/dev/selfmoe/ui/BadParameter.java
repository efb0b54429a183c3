package dev.selfmoe.ui;

/** A query-string value the page cannot use (a page number that is not one, an unknown filter): a 400. */
public final class BadParameter extends RuntimeException {
  public BadParameter(String message) {
    super(message);
  }
}
