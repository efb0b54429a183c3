package dev.selfmoe.engine.generate;

/**
 * A generated continuation: its text (cut before any stop string), the generated ids (without the EOS that ended
 * it) and why it ended.
 */
public record Completion(String text, int[] tokens, FinishReason finishReason, int promptTokens) {
  public enum FinishReason {
    /** An end-of-sequence or end-of-turn token. */
    EOS,
    /** A stop string appeared. */
    STOP,
    /** The token budget ran out. */
    LENGTH
  }
}
