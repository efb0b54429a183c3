package dev.selfmoe.ui;

/** The site could not start, typically because its port is taken; the message says what to change. */
public final class SiteUnavailableException extends RuntimeException {
  public SiteUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
