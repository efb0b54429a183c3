package dev.selfmoe.db;

import java.time.Instant;

/** A content-addressed file: {@code kind} is e.g. synthetic-data, adapter, router, mixture, merged, eval-records. */
public record ArtifactRow(String sha256, String kind, long sizeBytes, String uri, Instant createdAt) {}
