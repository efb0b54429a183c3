package dev.selfmoe.workflows.spec;

/** An experiment spec that cannot run; the message names the field, e.g. {@code lora.rank: must be at least 1, got 0}. */
public final class SpecException extends RuntimeException {
  public SpecException(String message) {
    super(message);
  }
}
