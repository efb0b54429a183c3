package dev.selfmoe.engine.selfspec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, item by item, whether a synthetic example is kept, following self-instruct: it must parse, be non-empty,
 * fit the domain's format, and neither copy a seed nor repeat (exactly or by ROUGE-L) an item kept before it. The
 * comparison text is the instruction plus input, since that is what makes two tasks the same task.
 */
public final class SampleFilter {
  public static final double DEFAULT_THRESHOLD = 0.7;

  private final Domain domain;
  private final boolean checkFormat;
  private final double threshold;
  private final Set<String> seedKeys = new HashSet<>();
  private final List<List<String>> seedTokens = new ArrayList<>();
  private final Set<String> keptKeys = new HashSet<>();
  private final List<List<String>> keptTokens = new ArrayList<>();

  public SampleFilter(Domain domain, List<Seed> seeds, boolean checkFormat, double threshold) {
    this.domain = domain;
    this.checkFormat = checkFormat;
    this.threshold = threshold;
    for (Seed s : seeds) {
      seedKeys.add(key(s.instruction(), s.input()));
      seedTokens.add(RougeL.tokens(text(s.instruction(), s.input())));
    }
  }

  /**
   * Why the item would be dropped, or empty when it passes; a null instruction means the brainstorm did not parse.
   */
  public Optional<DropReason> check(String instruction, String input, String output) {
    if (instruction == null) {
      return Optional.of(DropReason.UNPARSABLE);
    }
    if (instruction.isBlank() || output == null || output.isBlank()) {
      return Optional.of(DropReason.EMPTY);
    }
    if (checkFormat && !DomainFormat.accepts(domain, instruction, input, output)) {
      return Optional.of(DropReason.FORMAT);
    }
    String key = key(instruction, input);
    List<String> tokens = RougeL.tokens(text(instruction, input));
    if (seedKeys.contains(key) || tooClose(tokens, seedTokens)) {
      return Optional.of(DropReason.SEED_COPY);
    }
    if (keptKeys.contains(key)) {
      return Optional.of(DropReason.DUPLICATE);
    }
    if (tooClose(tokens, keptTokens)) {
      return Optional.of(DropReason.NEAR_DUPLICATE);
    }
    return Optional.empty();
  }

  /** Records a kept item so later ones are compared against it. */
  public void keep(String instruction, String input) {
    keptKeys.add(key(instruction, input));
    keptTokens.add(RougeL.tokens(text(instruction, input)));
  }

  private boolean tooClose(List<String> tokens, List<List<String>> others) {
    for (List<String> o : others) {
      if (RougeL.score(tokens, o) > threshold) {
        return true;
      }
    }
    return false;
  }

  private static String text(String instruction, String input) {
    return input == null || input.isBlank() ? instruction : instruction + "\n" + input;
  }

  /** Exact repeats ignore case and spacing, which carry no meaning for whether two tasks are the same. */
  private static String key(String instruction, String input) {
    return text(instruction.strip(), input == null ? "" : input.strip())
        .toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }
}
