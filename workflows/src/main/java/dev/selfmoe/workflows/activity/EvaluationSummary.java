package dev.selfmoe.workflows.activity;

/** An evaluation's headline, as stored; the items and routing statistics stay in the database. */
public record EvaluationSummary(
    String evalKey, String variant, String benchmark, int draw, double score, int n, double ciLow, double ciHigh,
    double computeSeconds, boolean reused) {}
