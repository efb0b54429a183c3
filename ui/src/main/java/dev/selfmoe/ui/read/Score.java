package dev.selfmoe.ui.read;

/**
 * A variant's score on one benchmark, averaged over its few-shot draws: {@code stddev} is the spread between draws
 * (null for one draw), {@code n} the items per draw, {@code ciLow}/{@code ciHigh} the 95% bootstrap interval (null
 * when none was computed). Scores are fractions, as the benchmarks report them.
 */
public record Score(String variant, String benchmark, int draws, double score, Double stddev, int n, Double ciLow,
    Double ciHigh) {}
