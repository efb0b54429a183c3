package dev.selfmoe.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Cuts text at special tokens written literally in it (such as {@code <|im_start|>}), longest match first, so a
 * rendered chat template tokenizes the way the model was trained.
 */
final class SpecialTokenSplitter {
  /** A piece of text: either plain text to tokenize, or one special token's id. */
  record Piece(String text, int specialId) {
    boolean special() {
      return specialId >= 0;
    }
  }

  private final List<Map.Entry<String, Integer>> specials;

  SpecialTokenSplitter(Map<String, Integer> specials) {
    this.specials = new ArrayList<>(specials.entrySet());
    this.specials.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed());
  }

  List<Piece> split(String text) {
    List<Piece> pieces = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      Map.Entry<String, Integer> hit = match(text, i);
      if (hit == null) {
        i++;
        continue;
      }
      if (i > start) {
        pieces.add(new Piece(text.substring(start, i), -1));
      }
      pieces.add(new Piece(hit.getKey(), hit.getValue()));
      i += hit.getKey().length();
      start = i;
    }
    if (start < text.length()) {
      pieces.add(new Piece(text.substring(start), -1));
    }
    return pieces;
  }

  private Map.Entry<String, Integer> match(String text, int at) {
    for (Map.Entry<String, Integer> e : specials) {
      if (text.startsWith(e.getKey(), at)) {
        return e;
      }
    }
    return null;
  }
}
