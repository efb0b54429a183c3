package dev.selfmoe.db;

/** A parent an artifact was made from, and what it was to it (e.g. base, training-data, expert:math). */
public record Lineage(String parentSha256, String role) {}
