package dev.selfmoe.engine.eval.code;

import dev.selfmoe.engine.EngineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coding seeds (METHOD.md §1): MBPP training items reshaped into HumanEval's format, so the seed task is the same as
 * the benchmark's, completing a function body from its signature and docstring.
 */
public final class MbppSeeds {
  private static final Pattern CALL = Pattern.compile("([A-Za-z_]\\w*)\\s*\\(");
  private static final Pattern EQUALITY = Pattern.compile("^assert\\s+(.+?)\\s*==\\s*(.+)$");

  private MbppSeeds() {}

  /**
   * Prompt = code before the function (imports, helpers) + its signature + a docstring with the instruction and the
   * first test as a doctest; solution = the rest of the reference code; test = the asserts inside
   * {@code check(candidate)}, like HumanEval's.
   */
  public static HumanEvalProblem humanEvalStyle(MbppProblem original) {
    MbppProblem item = original;
    String code = item.code().replace("\r\n", "\n");
    String name = entryPoint(item, code);
    if (name.equals("check")) {
      // HumanEval's test harness owns the name check(candidate); the solution must not shadow it.
      name = "check_solution";
      code = code.replaceAll("\\bcheck(\\s*\\()", name + "$1");
      item = new MbppProblem(item.taskId(), item.text(), item.code(), item.testSetupCode(),
          item.testList().stream().map(t -> t.replaceAll("\\bcheck(\\s*\\()", "check_solution$1")).toList(),
          item.challengeTestList());
    }
    Matcher def = Pattern.compile("(?m)^def\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(code);
    if (!def.find()) {
      throw new EngineException("MBPP task " + item.taskId() + ": no top-level def " + name + " in its code");
    }
    int colon = signatureEnd(code, def.end(), item.taskId());
    String preamble = code.substring(0, def.start());
    String signature = code.substring(def.start(), colon + 1);
    String rest = code.substring(colon + 1);
    int eol = rest.indexOf('\n');
    String sameLine = (eol < 0 ? rest : rest.substring(0, eol)).strip();
    String body = eol < 0 ? "" : rest.substring(eol + 1);
    String indent = indentOf(body);
    if (!sameLine.isEmpty()) {
      body = indent + sameLine + "\n" + body;
    }
    // Top-level code after the function (helpers it calls) moves in front: a completion is cut at "\ndef", so
    // the seed's answer must be the body alone.
    int after = topLevelStart(body);
    String trailing = body.substring(after).stripTrailing();
    body = body.substring(0, after);
    if (!trailing.isEmpty()) {
      preamble = preamble + trailing + "\n\n";
    }
    String prompt = preamble + signature + "\n" + docstring(item, name, indent);
    String test = (item.testSetupCode().isBlank() ? "" : item.testSetupCode().replace("\r\n", "\n") + "\n")
        + "\n\ndef check(candidate):\n" + checks(item, name);
    return new HumanEvalProblem("MBPP/" + item.taskId(), prompt, body.stripTrailing() + "\n", test, name);
  }

  /** The function the first assert calls that the reference code defines (tests may wrap it, e.g. set(...)). */
  private static String entryPoint(MbppProblem item, String code) {
    if (item.testList().isEmpty()) {
      throw new EngineException("MBPP task " + item.taskId() + ": no tests");
    }
    Matcher m = CALL.matcher(item.testList().get(0));
    while (m.find()) {
      if (Pattern.compile("(?m)^def\\s+" + Pattern.quote(m.group(1)) + "\\s*\\(").matcher(code).find()) {
        return m.group(1);
      }
    }
    throw new EngineException("MBPP task " + item.taskId() + ": first test calls no function its code defines");
  }

  /** The colon closing the signature: the first one outside the parameter list's brackets. */
  private static int signatureEnd(String code, int from, int taskId) {
    int depth = 1;
    for (int i = from; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ':' && depth == 0) {
        return i;
      }
    }
    throw new EngineException("MBPP task " + taskId + ": unterminated function signature in its code");
  }

  /** Where the first non-blank, unindented line starts, or the end. */
  private static int topLevelStart(String body) {
    int pos = 0;
    for (String line : body.split("\n", -1)) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        return pos;
      }
      pos += line.length() + 1;
    }
    return body.length();
  }

  /** Reuse the body's own indentation: mixing tabs and spaces in one block is a Python error. */
  private static String indentOf(String body) {
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        return line.substring(0, line.length() - line.stripLeading().length());
      }
    }
    return "    ";
  }

  private static String docstring(MbppProblem item, String name, String indent) {
    String first = item.testList().get(0).strip();
    Matcher eq = EQUALITY.matcher(first);
    String example = eq.matches()
        ? indent + ">>> " + eq.group(1) + "\n" + indent + eq.group(2) + "\n"
        : indent + first + "\n";
    return indent + "\"\"\" " + item.text().strip() + "\n" + example + indent + "\"\"\"\n";
  }

  private static String checks(MbppProblem item, String name) {
    Pattern call = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(");
    StringBuilder sb = new StringBuilder();
    for (String t : item.testList()) {
      sb.append("    ").append(call.matcher(t.strip()).replaceAll("candidate(")).append("\n");
    }
    return sb.toString();
  }
}
