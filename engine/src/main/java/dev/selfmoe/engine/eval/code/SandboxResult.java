package dev.selfmoe.engine.eval.code;

/**
 * How one program ended. {@code passed} means it ran to the end with exit status 0 within the time limit, which is
 * the harnesses' notion of a passing test program. Output is kept only as a bounded tail, for diagnosis.
 */
public record SandboxResult(
    boolean passed, boolean timedOut, int exitCode, String stdoutTail, String stderrTail, double seconds) {}
