package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;

/** An artifact and the role it plays in one experiment. */
public record RoleArtifact(String role, ArtifactRef artifact) {}
