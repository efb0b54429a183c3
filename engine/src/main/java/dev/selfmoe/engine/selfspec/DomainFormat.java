package dev.selfmoe.engine.selfspec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape an item must have to teach its domain's task: an MMLU-like question needs options A–D, a coding answer
 * needs a function, and math and reasoning answers must end in an answer that evaluation can extract.
 */
public final class DomainFormat {
  private static final List<Pattern> OPTIONS = List.of("A", "B", "C", "D").stream()
      .map(l -> Pattern.compile("(?m)^\\s*\\(?" + l + "[).:]\\s*\\S")).toList();
  private static final Pattern DEF = Pattern.compile("(?m)^\\s*def\\s+\\w+\\s*\\(");
  private static final Pattern FINAL_NUMBER =
      Pattern.compile("(?i)(answer is|####)\\s*:?\\s*\\$?-?[0-9][0-9.,]*\\s*\\.?\\s*$");
  private static final Pattern FINAL_ANSWER = Pattern.compile("(?i)answer is\\s*:?\\s*\\S");

  private DomainFormat() {}

  public static boolean accepts(Domain domain, String instruction, String input, String output) {
    return switch (domain) {
      case KNOWLEDGE -> {
        String question = instruction + "\n" + input;
        yield OPTIONS.stream().allMatch(p -> p.matcher(question).find());
      }
      case CODING -> DEF.matcher(output).find();
      case MATH -> FINAL_NUMBER.matcher(output.strip()).find();
      case REASONING -> FINAL_ANSWER.matcher(lastLine(output)).find();
    };
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
