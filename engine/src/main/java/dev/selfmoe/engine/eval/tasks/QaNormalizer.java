package dev.selfmoe.engine.eval.tasks;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The answer comparison of the harness's {@code nq_open} task, in its order: an article followed by a space is deleted
 * where a word starts (only the spellings The/the/An/A/a/an, before case folding), then the text is lower-cased and
 * ASCII punctuation deleted. Whitespace is not collapsed and a trailing article stays, as in the harness; the model's
 * output loses only its leading whitespace before it gets here.
 */
public final class QaNormalizer {
  private static final Pattern ARTICLE = Pattern.compile("\\b(?:The |the |An |A |a |an )");
  private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");

  private QaNormalizer() {}

  public static String normalize(String s) {
    s = ARTICLE.matcher(s).replaceAll("");
    s = s.toLowerCase(Locale.ROOT);
    return PUNCTUATION.matcher(s).replaceAll("");
  }
}
