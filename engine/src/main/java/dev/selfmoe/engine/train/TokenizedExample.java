package dev.selfmoe.engine.train;

import dev.selfmoe.engine.model.LanguageModel;
import java.util.Arrays;

/**
 * An example as ids: the prompt's tokens, then the response's and EOS. Only positions from {@code responseStart}
 * on are learned.
 */
public record TokenizedExample(int index, int[] ids, int responseStart) {
  public static TokenizedExample of(int index, InstructionExample e, PromptTemplate template, LanguageModel model,
      int maxLength) {
    int[] prompt = model.promptIds(template.prompt(e));
    int[] response = model.tokenizer().encode(e.response());
    int eos = model.tokenizer().eosIds().stream().findFirst().orElse(-1);
    int[] ids = Arrays.copyOf(prompt, prompt.length + response.length + (eos >= 0 ? 1 : 0));
    System.arraycopy(response, 0, ids, prompt.length, response.length);
    if (eos >= 0) {
      ids[ids.length - 1] = eos;
    }
    if (ids.length > maxLength) {
      ids = Arrays.copyOf(ids, maxLength); // keeps the prompt whole when it fits: the response is cut instead
    }
    return new TokenizedExample(index, ids, Math.min(prompt.length, ids.length));
  }

  /** Tokens whose prediction is learned: response tokens and EOS. */
  public int learnedTokens() {
    return Math.max(0, ids.length - Math.max(responseStart, 1));
  }
}
