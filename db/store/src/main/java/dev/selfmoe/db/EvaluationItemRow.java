package dev.selfmoe.db;

/**
 * One benchmark item as the model answered it: {@code extracted} is the answer parsed out of {@code output} (null when
 * nothing could be), {@code itemGroup} the subject or task it belongs to (null if the benchmark has none).
 */
public record EvaluationItemRow(
    int itemIndex,
    String itemId,
    String itemGroup,
    String prompt,
    String output,
    String extracted,
    String target,
    boolean correct,
    double score) {}
