package dev.selfmoe.engine.eval.tasks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two answer filters of the harness's {@code gsm8k_cot} task and its exact-match normalisation. */
public final class Gsm8kAnswers {
  public static final String INVALID = "[invalid]";
  // The trailing '.' is deliberately unescaped, as in the harness: it eats any one character after the number.
  private static final Pattern STRICT = Pattern.compile("The answer is (\\-?[0-9\\.\\,]+).");
  private static final Pattern FLEXIBLE = Pattern.compile("(-?[$0-9.,]{2,})|(-?[0-9]+)");
  private static final Pattern[] IGNORED = {
    Pattern.compile(","), Pattern.compile("\\$"), Pattern.compile("(?s).*#### "), Pattern.compile("\\.$")
  };

  private Gsm8kAnswers() {}

  /** First strict match, or {@value #INVALID}. */
  public static String strict(String output) {
    Matcher m = STRICT.matcher(output);
    return m.find() ? m.group(1).strip() : INVALID;
  }

  /** Last number-like match, whichever alternative matched, or {@value #INVALID}. */
  public static String flexible(String output) {
    Matcher m = FLEXIBLE.matcher(output);
    String last = null;
    while (m.find()) {
      last = m.group(1) != null ? m.group(1) : m.group(2);
    }
    return last == null ? INVALID : last.strip();
  }

  /** The gold: text after the last {@code ####}, stripped. */
  public static String gold(String answer) {
    int at = answer.lastIndexOf("####");
    return (at < 0 ? answer : answer.substring(at + 4)).strip();
  }

  /** Exact match ignoring case, commas, dollar signs, a {@code #### } prefix and one trailing period. */
  public static boolean matches(String prediction, String gold) {
    return clean(prediction).equals(clean(gold));
  }

  private static String clean(String s) {
    for (Pattern p : IGNORED) {
      s = p.matcher(s).replaceAll("");
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
