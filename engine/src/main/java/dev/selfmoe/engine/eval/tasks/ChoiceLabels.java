package dev.selfmoe.engine.eval.tasks;

import dev.selfmoe.engine.EngineException;
import java.nio.file.Path;
import java.util.List;

/** The answer of a multiple-choice row as the dataset writes it, turned into a choice index or a clear error. */
final class ChoiceLabels {
  private ChoiceLabels() {}

  /** A 0-based index written as text ({@code "0"} ..). */
  static int index(String label, List<?> choices, Path file, int line) {
    return within(parse(label, 0), label, choices, file, line);
  }

  /** A 1-based index written as text ({@code "1"} ..), as Winogrande's {@code answer}. */
  static int oneBased(String label, List<?> choices, Path file, int line) {
    return within(parse(label, -1), label, choices, file, line);
  }

  /** The position of {@code label} among the row's own labels ({@code A B C D} or {@code 1 2 3 4}, as ARC). */
  static int among(String label, List<String> labels, Path file, int line) {
    return within(labels.indexOf(label.strip()), label, labels, file, line);
  }

  private static int parse(String label, int shift) {
    try {
      return Integer.parseInt(label.strip()) + shift;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int within(int i, String label, List<?> choices, Path file, int line) {
    if (i < 0 || i >= choices.size()) {
      throw new EngineException(file.toAbsolutePath() + " line " + line + ": answer '" + label + "' is not one of the "
          + choices.size() + " choices");
    }
    return i;
  }
}
