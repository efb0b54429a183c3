package dev.selfmoe.db;

import java.time.Instant;

/** One experiment; {@code sweepId} and {@code cellLabel} are null outside a sweep, {@code finishedAt} while running. */
public record ExperimentRow(
    String id,
    String name,
    String specJson,
    String specHash,
    String sweepId,
    String cellLabel,
    ExperimentStatus status,
    Instant createdAt,
    Instant finishedAt) {}
