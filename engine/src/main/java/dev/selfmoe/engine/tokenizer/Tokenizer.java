package dev.selfmoe.engine.tokenizer;

import java.util.Set;

/**
 * Text to token ids and back, for one model's vocabulary. Special tokens written literally in the text (such as
 * {@code <|im_start|>}) encode to their ids, so rendered chat templates tokenize as the model was trained.
 */
public interface Tokenizer {
  /** Ids for {@code text}, without adding BOS or EOS. */
  int[] encode(String text);

  /** Text for {@code ids}; special tokens are left out, byte-fallback tokens are joined into UTF-8. */
  String decode(int[] ids);

  /**
   * Text for generated {@code ids} that continue a prompt. SentencePiece vocabularies mark a word's leading space on
   * the token, and {@link #decode} drops it at the start of a text; a continuation keeps it.
   */
  default String decodeContinuation(int[] ids) {
    return decode(ids);
  }

  int vocabSize();

  /** The beginning-of-sequence id, or -1 when the vocabulary has none. */
  int bosId();

  /** Ids that end generation (EOS and, for chat models, end-of-turn tokens). */
  Set<Integer> eosIds();

  /** Whether the model expects BOS before a prompt. */
  boolean addBos();

  /** The id of a token given by its exact vocabulary string, or -1. */
  int tokenId(String token);
}
