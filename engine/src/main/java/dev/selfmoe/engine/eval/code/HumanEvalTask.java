package dev.selfmoe.engine.eval.code;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * HumanEval as METHOD.md §6 and lm-evaluation-harness run it: 0-shot on the unstripped prompt, greedy, completion
 * cut at the first stop sequence, program = prompt + completion + test + {@code check(entry_point)}, pass@1.
 */
public final class HumanEvalTask {
  /** A new top-level statement means the function body is over. */
  public static final List<String> STOP_SEQUENCES = List.of("\nclass", "\ndef", "\n#", "\nif", "\nprint");

  private HumanEvalTask() {}

  public static String prompt(HumanEvalProblem p) {
    return p.prompt();
  }

  public static String postprocess(String completion) {
    return StopSequences.cut(completion, STOP_SEQUENCES);
  }

  /** {@code completion} is the raw generation after the prompt; it is cut here, so callers need not. */
  public static String program(HumanEvalProblem p, String completion) {
    return p.prompt() + postprocess(completion) + "\n" + p.test() + "\n" + "check(" + p.entryPoint() + ")\n";
  }

  public static CodeScore score(
      PythonSandbox sandbox, List<HumanEvalProblem> problems, List<String> completions, int parallelism) {
    if (problems.size() != completions.size()) {
      throw new EngineException("HumanEval scoring: " + problems.size() + " problems but " + completions.size()
          + " completions");
    }
    List<String> programs = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      programs.add(program(problems.get(i), completions.get(i)));
    }
    return new CodeScore(problems.stream().map(HumanEvalProblem::taskId).toList(),
        sandbox.run(programs, parallelism));
  }
}
