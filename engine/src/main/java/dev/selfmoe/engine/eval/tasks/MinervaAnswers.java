package dev.selfmoe.engine.eval.tasks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answer extraction and the Minerva Appendix D normalisation used by the harness's {@code minerva_math} tasks;
 * {@link LatexEquivalence} then compares the normalised strings as expressions.
 */
public final class MinervaAnswers {
  public static final String INVALID = "[invalidanswer]";
  // Lazy group and unescaped dots, as in the harness.
  private static final Pattern FINAL = Pattern.compile("Final Answer: The final answer is(.*?). I hope it is correct.");
  private static final String[][] SUBSTITUTIONS = {
    {"an ", ""}, {"a ", ""}, {".$", "$"}, {"\\$", ""}, {"\\ ", ""}, {" ", ""}, {"mbox", "text"},
    {",\\text{and}", ","}, {"\\text{and}", ","}, {"\\text{m}", "\\text{}"}
  };
  // Longer \text{...} forms come before the bare \text{} so they are not half-deleted.
  private static final String[] REMOVED = {
    "square", "ways", "integers", "dollars", "mph", "inches", "ft", "hours", "km", "units", "\\ldots", "sue",
    "points", "feet", "minutes", "digits", "cents", "degrees", "cm", "gm", "pounds", "meters", "meals", "edges",
    "students", "childrentickets", "multiples", "\\text{s}", "\\text{.}", "\\text{\ns}", "\\text{}^2",
    "\\text{}^3", "\\text{\n}", "\\text{}", "\\mathrm{th}", "^\\circ", "^{\\circ}", "\\;", ",\\!", "{,}", "\"",
    "\\dots"
  };
  private static final Pattern FIRST_DOLLAR_SPAN = Pattern.compile("(.*?)(\\$)(.*?)(\\$)(.*)");
  private static final Pattern TEXT = Pattern.compile("(\\\\text\\{)(.*?)(\\})");
  private static final Pattern TEXTBF = Pattern.compile("(\\\\textbf\\{)(.*?)(\\})");
  private static final Pattern OVERLINE = Pattern.compile("(\\\\overline\\{)(.*?)(\\})");
  private static final Pattern BOXED = Pattern.compile("(\\\\boxed\\{)(.*)(\\})");
  private static final Pattern FRAC = Pattern.compile("(frac)([^{])(.)");
  private static final Pattern SQRT = Pattern.compile("(sqrt)([^{])");

  private MinervaAnswers() {}

  /** The model's final answer, stripped but not normalised, or {@value #INVALID}. */
  public static String extract(String output) {
    Matcher m = FINAL.matcher(output + "I hope it is correct.");
    return m.find() ? m.group(1).strip() : INVALID;
  }

  /** The argument of the last {@code \boxed} (or {@code \fbox}) of a reference solution, or null. */
  public static String gold(String solution) {
    int spaced = solution.lastIndexOf("\\boxed ");
    if (spaced >= 0) {
      String rest = solution.substring(spaced + 7);
      int dollar = rest.indexOf('$');
      return dollar < 0 ? rest : rest.substring(0, dollar);
    }
    int at = solution.lastIndexOf("\\boxed");
    if (at < 0) {
      at = solution.lastIndexOf("\\fbox");
    }
    if (at < 0) {
      return null;
    }
    int depth = 0;
    int open = -1;
    for (int i = at; i < solution.length(); i++) {
      char c = solution.charAt(i);
      if (c == '{') {
        if (depth++ == 0) {
          open = i;
        }
      } else if (c == '}' && --depth == 0) {
        return solution.substring(open + 1, i);
      }
    }
    return null;
  }

  public static String normalize(String answer) {
    String s = answer.substring(answer.lastIndexOf('=') + 1);
    for (String[] sub : SUBSTITUTIONS) {
      s = s.replace(sub[0], sub[1]);
    }
    for (String r : REMOVED) {
      s = s.replace(r, "");
    }
    s = FIRST_DOLLAR_SPAN.matcher(s).replaceAll("\\$$3\\$");
    s = TEXT.matcher(s).replaceAll("$2");
    s = TEXTBF.matcher(s).replaceAll("$2");
    s = OVERLINE.matcher(s).replaceAll("$2");
    s = BOXED.matcher(s).replaceAll("$2");
    s = FRAC.matcher(s).replaceAll("frac{$2}{$3}");
    s = SQRT.matcher(s).replaceAll("sqrt{$2}");
    s = s.replace("$", "");
    String noCommas = s.replace(",", "");
    if (!noCommas.isEmpty() && noCommas.chars().allMatch(Character::isDigit)) {
      s = noCommas;
    }
    return s;
  }
}
