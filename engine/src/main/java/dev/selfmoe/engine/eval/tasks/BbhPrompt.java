package dev.selfmoe.engine.eval.tasks;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's description and chain-of-thought exemplars, read from cot-prompts/&lt;task&gt;.txt (canary line, a
 * {@code -----} line, the description, then {@code Q: ...\nA: Let's think step by step.<sep><reasoning>} blocks).
 */
public record BbhPrompt(String description, List<Exemplar> exemplars) {
  static final String ANSWER_CUE = "\nA: Let's think step by step.";

  public record Exemplar(String input, String target) {}

  public static BbhPrompt parse(String file, String where) {
    int sep = file.indexOf("-----\n");
    if (sep < 0) {
      throw new EngineException(where + ": no '-----' line separating the canary from the prompt");
    }
    String body = file.substring(sep + 6);
    // The description runs to the first question; in snarks it spans several paragraphs.
    int descEnd = body.indexOf("\n\nQ: ");
    if (descEnd < 0) {
      throw new EngineException(where + ": no blank line after the task description");
    }
    List<Exemplar> exemplars = new ArrayList<>();
    for (String block : body.substring(descEnd + 2).split("\n\n(?=Q: )")) {
      int cue = block.indexOf(ANSWER_CUE);
      if (!block.startsWith("Q: ") || cue < 0) {
        throw new EngineException(where + ": exemplar not in the form 'Q: ...\\nA: Let's think step by step.'");
      }
      // The separator after the cue is a newline, except a space in sports_understanding; the harness uses a newline.
      String target = block.substring(cue + ANSWER_CUE.length());
      if (target.startsWith("\n") || target.startsWith(" ")) {
        target = target.substring(1);
      }
      exemplars.add(new Exemplar(block.substring(3, cue), target.stripTrailing()));
    }
    return new BbhPrompt(body.substring(0, descEnd), List.copyOf(exemplars));
  }
}
