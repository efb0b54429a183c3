package dev.selfmoe.engine.generate;

/**
 * The summed log-probability of a continuation's tokens, whether greedy decoding would have produced exactly them,
 * and how many tokens they were.
 */
public record LogLikelihood(double logProb, boolean greedy, int tokens) {}
