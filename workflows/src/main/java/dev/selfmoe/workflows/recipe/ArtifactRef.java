package dev.selfmoe.workflows.recipe;

/**
 * A stored artifact: found by its recipe key, named by the sha256 of its content, at {@code uri} in the artifact
 * store. {@code computeSeconds} is the activity's own work (0 when it was {@code reused} from the store).
 */
public record ArtifactRef(
    String recipeKey, String sha256, String kind, String uri, long sizeBytes, double computeSeconds, boolean reused) {}
