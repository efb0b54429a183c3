package dev.selfmoe.db;

/**
 * A model variant scored on a benchmark. {@code evalKey} is the recipe key of the evaluation (the variant's
 * artifacts, benchmark, shots, limit and draw seed); {@code limitN} is null for the full benchmark; the interval may
 * be null where none was computed; {@code subScoresJson} is a JSON object (per subject, per task, ...) or null.
 */
public record EvaluationRow(
    String evalKey,
    String benchmark,
    int shots,
    Integer limitN,
    long drawSeed,
    double score,
    int n,
    Double ciLow,
    Double ciHigh,
    String subScoresJson) {}
