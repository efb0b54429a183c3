package dev.selfmoe.engine.eval.code;

/** A HumanEval problem as in HumanEval.jsonl; {@code test} defines {@code check(candidate)}. */
public record HumanEvalProblem(
    String taskId, String prompt, String canonicalSolution, String test, String entryPoint) {}
