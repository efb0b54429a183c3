package dev.selfmoe.db;

/**
 * A variant's row of the paper's main table: each score averaged over draws, null where the benchmark was not run;
 * {@code average} over the benchmarks present.
 */
public record PaperTableRow(
    String experimentId,
    String variant,
    Double mmlu,
    Double bbh,
    Double gsm8k,
    Double humaneval,
    Double average) {}
