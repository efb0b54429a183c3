package dev.selfmoe.engine.selfspec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the instruction (and input) a brainstorm continuation wrote. Small models drift from the layout, so labels
 * are matched loosely and a repeated "Instruction:" label is tolerated; text that leaves no instruction is unparsable.
 */
public final class BrainstormParser {
  private static final Pattern INPUT = Pattern.compile("(?im)^\\s*input\\s*:");
  private static final Pattern LEADING_LABEL = Pattern.compile("(?i)^\\s*(instruction\\s*:\\s*)+");
  private static final Pattern TASK_HEADER = Pattern.compile("(?m)^\\s*###");

  private BrainstormParser() {}

  /** A parsed task; {@code instruction} is null when nothing usable was written. */
  public record Parsed(String instruction, String input) {}

  public static Parsed parse(String continuation) {
    String text = continuation;
    Matcher header = TASK_HEADER.matcher(text);
    if (header.find()) {
      text = text.substring(0, header.start());
    }
    text = LEADING_LABEL.matcher(text).replaceFirst("");
    String instruction;
    String input;
    Matcher in = INPUT.matcher(text);
    if (in.find()) {
      instruction = text.substring(0, in.start());
      input = text.substring(in.end());
    } else {
      instruction = text;
      input = "";
    }
    instruction = instruction.strip();
    input = input.strip();
    if (instruction.isEmpty() || normalizedNone(input)) {
      return instruction.isEmpty() ? new Parsed(null, "") : new Parsed(instruction, "");
    }
    return new Parsed(instruction, input);
  }

  /** Models copy self-instruct's "no input" markers; they mean the task has no input. */
  private static boolean normalizedNone(String input) {
    String s = input.toLowerCase().replaceAll("[^a-z]", "");
    return s.equals("none") || s.equals("noinput") || s.equals("na");
  }
}
