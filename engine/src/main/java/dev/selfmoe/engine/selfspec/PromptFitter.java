package dev.selfmoe.engine.selfspec;

import dev.selfmoe.engine.model.LanguageModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Makes a few-shot prompt fit the model's context: in-context examples are dropped from the front until the prompt
 * plus the generation budget fits, and only if even none fit is the prompt cut from the left (keeping BOS). The
 * examples actually shown are returned so provenance stays true.
 */
final class PromptFitter {
  private PromptFitter() {}

  record Fitted(int[] ids, List<Seed> shown) {}

  static Fitted fit(LanguageModel lm, List<Seed> examples, int maxNewTokens, Function<List<Seed>, String> render) {
    int room = lm.maxPositions() - maxNewTokens;
    for (int from = 0; from <= examples.size(); from++) {
      List<Seed> shown = examples.subList(from, examples.size());
      int[] ids = lm.promptIds(render.apply(shown));
      if (ids.length <= room) {
        return new Fitted(ids, List.copyOf(shown));
      }
      if (from == examples.size()) {
        return new Fitted(leftCut(lm, ids, Math.max(1, room)), List.of());
      }
    }
    throw new AssertionError("unreachable");
  }

  private static int[] leftCut(LanguageModel lm, int[] ids, int room) {
    boolean bos = lm.tokenizer().addBos() && ids.length > 0 && ids[0] == lm.tokenizer().bosId();
    int[] out = Arrays.copyOfRange(ids, ids.length - room, ids.length);
    if (bos) {
      out[0] = ids[0];
    }
    return out;
  }
}
