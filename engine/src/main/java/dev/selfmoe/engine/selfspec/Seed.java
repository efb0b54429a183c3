package dev.selfmoe.engine.selfspec;

/**
 * One human-written example of a domain, named by a stable id (such as {@code bbh/navigate/17}) so an experiment can
 * record which items it used and an evaluation can leave them out.
 */
public record Seed(String id, String instruction, String input, String output) {
  public Seed {
    input = input == null ? "" : input;
  }
}
