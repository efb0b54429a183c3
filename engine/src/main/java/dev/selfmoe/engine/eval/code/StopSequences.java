package dev.selfmoe.engine.eval.code;

import java.util.List;

/** The harnesses' post-processing: keep what comes before the earliest stop sequence, dropping the stop itself. */
public final class StopSequences {
  private StopSequences() {}

  public static String cut(String completion, List<String> stops) {
    int end = completion.length();
    for (String s : stops) {
      int i = completion.indexOf(s);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return completion.substring(0, end);
  }
}
