package dev.selfmoe.db;

import java.time.Instant;

/** One sweep: its id (the sweep workflow's), name and spec as JSON. */
public record SweepRow(String id, String name, String specJson, Instant createdAt) {}
