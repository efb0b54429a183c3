package dev.selfmoe.db;

/** A variant's paper-table row in one cell of a sweep (the paper's Tables 2 and 4). */
public record SweepTableRow(
    String sweepId,
    String cellLabel,
    String experimentId,
    String variant,
    Double mmlu,
    Double bbh,
    Double gsm8k,
    Double humaneval,
    Double average) {}
