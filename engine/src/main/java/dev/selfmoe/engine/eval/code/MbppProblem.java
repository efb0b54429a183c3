package dev.selfmoe.engine.eval.code;

import java.util.List;

/** An MBPP row as in mbpp.jsonl; {@code code} is the reference solution (often with CRLF line ends). */
public record MbppProblem(
    int taskId, String text, String code, String testSetupCode, List<String> testList,
    List<String> challengeTestList) {
  public MbppProblem {
    testList = List.copyOf(testList);
    challengeTestList = List.copyOf(challengeTestList);
  }
}
