package dev.selfmoe.db;

/** An expert's share of a benchmark's tokens for a variant, averaged over layers weighted by tokens (Fig. 3). */
public record RoutingSummaryRow(
    String experimentId,
    String variant,
    String benchmark,
    int expertIndex,
    String expertName,
    double meanWeight,
    double top1Share,
    long tokens) {}
