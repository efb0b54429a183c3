package dev.selfmoe.engine.selfspec;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an MBPP problem into the HumanEval shape the coding expert is evaluated on: the tested function's signature
 * with a docstring holding the task and one worked example, so seeds and evaluation prompts look alike.
 */
final class MbppReshaper {
  private static final Pattern DEF = Pattern.compile("(?m)^def\\s+(\\w+)\\s*\\(.*?\\)\\s*(->[^:]*)?:");
  private static final Pattern ASSERT = Pattern.compile("^assert\\s+(.+?)\\s*==\\s*(.+)$");
  private static final Pattern CALL = Pattern.compile("(\\w+)\\s*\\(");

  private MbppReshaper() {}

  /** The stub (signature plus docstring), or null when the code has no top-level function to show. */
  static String stub(String text, String code, List<String> tests) {
    String example = tests.isEmpty() ? "" : tests.get(0).trim();
    Matcher called = CALL.matcher(example.replaceFirst("^assert\\s+", ""));
    String wanted = called.find() ? called.group(1) : null;
    String signature = null;
    Matcher def = DEF.matcher(code);
    while (def.find()) {
      if (signature == null || def.group(1).equals(wanted)) {
        signature = def.group().trim();
      }
      if (def.group(1).equals(wanted)) {
        break;
      }
    }
    if (signature == null) {
      return null;
    }
    StringBuilder s = new StringBuilder(signature).append("\n    \"\"\"").append(text.trim()).append('\n');
    Matcher a = ASSERT.matcher(example);
    if (a.matches()) {
      s.append("    >>> ").append(a.group(1).trim()).append("\n    ").append(a.group(2).trim()).append('\n');
    } else if (!example.isEmpty()) {
      s.append("    ").append(example).append('\n');
    }
    return s.append("    \"\"\"\n").toString();
  }

  /** MBPP stores code with CRLF line ends; the response should look like the Python a model writes. */
  static String code(String code) {
    return code.replace("\r\n", "\n").strip();
  }
}
