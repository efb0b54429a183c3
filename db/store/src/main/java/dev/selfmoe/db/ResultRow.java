package dev.selfmoe.db;

/** One draw of a variant on a benchmark in an experiment, any benchmark (the {@code results_long} view). */
public record ResultRow(
    String experimentId,
    String variant,
    String benchmark,
    int draw,
    double score,
    int n,
    Double ciLow,
    Double ciHigh) {}
