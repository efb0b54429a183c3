package dev.selfmoe.activities.evaluation;

import dev.selfmoe.activities.runtime.BadInput;
import dev.selfmoe.activities.store.ArtifactStore;
import dev.selfmoe.engine.attach.Attachment;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.workflows.activity.ModelVariantRef;
import dev.selfmoe.workflows.recipe.ArtifactKinds;
import dev.selfmoe.workflows.recipe.ArtifactRef;

/** Puts a variant's artifact on the base model as the eval command's --adapter / --mixse / --merged would. */
final class VariantAttachment {
  private VariantAttachment() {}

  /** A mixture's top-k is the variant's when positive, else the one it was saved with. */
  static Attachment attach(LanguageModel model, ModelVariantRef variant, ArtifactStore store) {
    ArtifactRef artifact = variant.artifact();
    if (artifact == null) {
      return Attachment.none(model);
    }
    var dir = store.require(artifact);
    return switch (artifact.kind()) {
      case ArtifactKinds.ADAPTER -> BadInput.check(() -> Attachment.adapter(model, dir));
      case ArtifactKinds.MERGED -> BadInput.check(() -> Attachment.merged(model, dir));
      case ArtifactKinds.MIXTURE -> BadInput.check(
          () -> Attachment.mixture(model, dir, variant.topK() > 0 ? variant.topK() : null));
      default -> throw BadInput.failure("variant " + variant.variant() + ": a " + artifact.kind()
          + " artifact cannot run on a model (expected adapter, mixture or merged)");
    };
  }
}
