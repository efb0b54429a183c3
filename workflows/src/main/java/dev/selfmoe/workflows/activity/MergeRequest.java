package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import dev.selfmoe.workflows.spec.MergeSpec;
import java.util.List;

/** Merge the experts' full updates with {@code method}: {@code ties} or {@code dare} (DARE drop-and-rescale, then TIES' sign election). */
public record MergeRequest(
    Recipe recipe, String experimentId, String role, String model, String method, List<ArtifactRef> experts,
    MergeSpec merge) {}
