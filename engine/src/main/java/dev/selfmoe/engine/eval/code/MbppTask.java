package dev.selfmoe.engine.eval.code;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * MBPP 3-shot as lm-evaluation-harness builds it (the standard prompt of Austin et al.): exemplars are tasks 2, 3
 * and 4 with their code and {@code [DONE]}; generation stops at {@code [DONE]}; the program is the completion and the
 * asserts.
 */
public final class MbppTask {
  public static final List<Integer> EXEMPLAR_IDS = List.of(2, 3, 4);
  public static final List<String> STOP_SEQUENCES = List.of("[DONE]");

  private final List<MbppProblem> exemplars;

  public MbppTask(List<MbppProblem> exemplars) {
    this.exemplars = List.copyOf(exemplars);
  }

  /** The harness's fixed exemplars, taken from the full data set. */
  public static MbppTask standard(List<MbppProblem> all) {
    return new MbppTask(EXEMPLAR_IDS.stream().map(id -> MbppSet.byId(all, id)).toList());
  }

  public String prompt(MbppProblem p) {
    return prompt(p, exemplars.size());
  }

  /** The first {@code shots} exemplars, as the harness's {@code first_n} sampler takes them (no draw seed applies). */
  public String prompt(MbppProblem p, int shots) {
    if (shots < 0 || shots > exemplars.size()) {
      throw new EngineException("MBPP takes 0 to " + exemplars.size() + " shots, got " + shots);
    }
    StringBuilder sb = new StringBuilder();
    for (MbppProblem e : exemplars.subList(0, shots)) {
      sb.append(question(e)).append(e.code()).append("\n[DONE]").append("\n\n");
    }
    return sb.append(question(p)).toString();
  }

  static String question(MbppProblem p) {
    if (p.testList().size() < 3) {
      throw new EngineException("MBPP task " + p.taskId() + ": prompt needs 3 tests, has " + p.testList().size());
    }
    return "You are an expert Python programmer, and here is your task: " + p.text()
        + " Your code should pass these tests:\n\n" + String.join("\n", p.testList().subList(0, 3)) + "\n[BEGIN]\n";
  }

  public static String postprocess(String completion) {
    return StopSequences.cut(completion, STOP_SEQUENCES);
  }

  /**
   * The completion, then the item's asserts (three in every MBPP row) as the harness's reference. Like the harness,
   * this leaves out {@code test_setup_code}, so the one test task that needs it (367) cannot pass here either.
   */
  public static String program(MbppProblem p, String completion) {
    return postprocess(completion) + "\n" + String.join("\n", p.testList()) + "\n";
  }

  public static CodeScore score(
      PythonSandbox sandbox, List<MbppProblem> problems, List<String> completions, int parallelism) {
    if (problems.size() != completions.size()) {
      throw new EngineException("MBPP scoring: " + problems.size() + " problems but " + completions.size()
          + " completions");
    }
    List<String> programs = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      programs.add(program(problems.get(i), completions.get(i)));
    }
    return new CodeScore(problems.stream().map(p -> "MBPP/" + p.taskId()).toList(),
        sandbox.run(programs, parallelism));
  }
}
