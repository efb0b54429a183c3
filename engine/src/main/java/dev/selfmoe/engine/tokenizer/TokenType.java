package dev.selfmoe.engine.tokenizer;

/** GGUF's per-token kinds ({@code tokenizer.ggml.token_type}). */
public enum TokenType {
  UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

  static TokenType of(long id) {
    return id >= 0 && id < values().length ? values()[(int) id] : NORMAL;
  }

  /** Written literally in text, the token stands for itself rather than for its characters. */
  boolean matchedLiterally() {
    return this == CONTROL || this == USER_DEFINED;
  }
}
