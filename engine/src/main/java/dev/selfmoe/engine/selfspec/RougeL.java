package dev.selfmoe.engine.selfspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ROUGE-L F-measure (β = 1) over word tokens: the longest common subsequence relative to both lengths. Tokens are
 * lower-cased runs of letters and digits, as in the usual ROUGE tokenizer, so punctuation and case do not count.
 */
public final class RougeL {
  private RougeL() {}

  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  public static double score(String candidate, String reference) {
    return score(tokens(candidate), tokens(reference));
  }

  public static double score(List<String> candidate, List<String> reference) {
    int lcs = lcs(candidate, reference);
    if (lcs == 0) {
      return 0;
    }
    double precision = (double) lcs / candidate.size();
    double recall = (double) lcs / reference.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** Two rolling rows keep memory linear, since long code inputs would make a full table large. */
  static int lcs(List<String> a, List<String> b) {
    int[] previous = new int[b.size() + 1];
    int[] current = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        current[j] = a.get(i - 1).equals(b.get(j - 1))
            ? previous[j - 1] + 1
            : Math.max(previous[j], current[j - 1]);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.size()];
  }
}
