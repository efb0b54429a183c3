package dev.selfmoe.db;

/**
 * The router's behaviour at one layer for one expert over an evaluation: mean gate weight, share of tokens where the
 * expert ranked first, and how many tokens that covers.
 */
public record RoutingRow(
    int layer, int expertIndex, String expertName, double meanWeight, double top1Share, long tokens) {}
