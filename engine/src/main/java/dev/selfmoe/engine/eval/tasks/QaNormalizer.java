package dev.selfmoe.engine.eval.tasks;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Open-domain QA answer normalisation: lower case, punctuation removed, the articles a/an/the removed as words,
 * whitespace collapsed. An answer is correct when it equals any normalised alias.
 */
public final class QaNormalizer {
  private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private QaNormalizer() {}

  public static String normalize(String s) {
    s = s.toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll("");
    s = ARTICLES.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }
}
