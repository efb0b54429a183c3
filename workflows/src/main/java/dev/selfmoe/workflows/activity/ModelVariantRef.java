package dev.selfmoe.workflows.activity;

import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.spec.VariantKind;

/** What runs on the base model for a variant: nothing, an adapter, a mixture (with its top-k) or a merged update. */
public record ModelVariantRef(String variant, VariantKind kind, ArtifactRef artifact, int topK) {
  public static ModelVariantRef base() {
    return new ModelVariantRef("base", VariantKind.BASE, null, 0);
  }
}
