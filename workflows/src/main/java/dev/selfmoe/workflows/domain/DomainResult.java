package dev.selfmoe.workflows.domain;

import dev.selfmoe.workflows.recipe.ArtifactRef;

/** A domain's training data and the expert trained on it. */
public record DomainResult(String domain, ArtifactRef data, ArtifactRef expert) {}
