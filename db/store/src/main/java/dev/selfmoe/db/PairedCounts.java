package dev.selfmoe.db;

/**
 * A variant against a reference variant on the same benchmark items (matched by item id within each few-shot draw):
 * how many items were paired, how many only the variant got right ({@code gained}) and how many only the reference
 * did ({@code lost}).
 */
public record PairedCounts(String variant, String benchmark, int paired, int gained, int lost) {}
