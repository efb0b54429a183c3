package dev.selfmoe.ui.read;

import java.time.Instant;

/** One sweep: its cells and how many of them are still running. */
public record SweepSummary(String id, String name, Instant createdAt, int cells, int runningCells) {}
