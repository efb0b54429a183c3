package dev.selfmoe.db;

/** An artifact in the role it plays for an experiment (e.g. expert:math, router, merged:ties). */
public record ExperimentArtifactRow(String experimentId, String role, String sha256, String kind, String uri) {}
