package dev.selfmoe.engine.attach;

import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.merge.InPlaceMerge;
import dev.selfmoe.engine.mixse.MixtureFormat;
import dev.selfmoe.engine.mixse.RoutingTrace;
import dev.selfmoe.engine.model.BlockAdapter;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Path;
import java.util.List;

/**
 * What runs on top of a loaded base model — one LoRA adapter, a merged update or a MiXSE composition — attached to
 * it until {@link #close()}, which detaches it (the model is left as it was found, so it can be reused) and frees its
 * tensors.
 */
public final class Attachment implements AutoCloseable {
  private final LanguageModel model;
  private final BlockAdapter previous;
  private final AutoCloseable owned;
  private final MixtureFormat.Loaded mixture;

  private Attachment(LanguageModel model, BlockAdapter adapter, AutoCloseable owned, MixtureFormat.Loaded mixture) {
    this.model = model;
    this.previous = model.transformer().adapter();
    this.owned = owned;
    this.mixture = mixture;
    model.transformer().setAdapter(adapter);
  }

  /** Nothing on top: the base model as it is. */
  public static Attachment none(LanguageModel model) {
    return new Attachment(model, model.transformer().adapter(), null, null);
  }

  /** A PEFT LoRA adapter directory, checked against the model's shapes. */
  public static Attachment adapter(LanguageModel model, Path dir) {
    var adapter = PeftFormat.load(dir);
    PeftFormat.check(adapter, model.config());
    LoraModules modules = LoraModules.of(adapter, model.config(), model.manager());
    return new Attachment(model, modules, modules, null);
  }

  /** A merged model's full updates, added into the base weights until the attachment closes (see InPlaceMerge). */
  public static Attachment merged(LanguageModel model, Path dir) {
    InPlaceMerge merged = InPlaceMerge.apply(model, dir);
    return new Attachment(model, model.transformer().adapter(), merged, null);
  }

  /**
   * A MiXSE composition; {@code topK} (when not null) replaces only the saved number of experts per token, keeping
   * the rest of the saved routing (renormalisation, random routing and its seed).
   */
  public static Attachment mixture(LanguageModel model, Path dir, Integer topK) {
    MixtureFormat.Loaded loaded = MixtureFormat.load(dir, model, null);
    if (topK != null) {
      loaded.mixture().setRouting(loaded.mixture().routing().withTopK(topK));
    }
    return new Attachment(model, loaded.mixture(), loaded, loaded);
  }

  /**
   * Starts collecting routing statistics (a composition only; null otherwise). The trace covers every forward pass
   * from now until it is replaced or the attachment closes.
   */
  public RoutingTrace traceRouting() {
    if (mixture == null) {
      return null;
    }
    RoutingTrace trace = new RoutingTrace(model.config().layers(), mixture.mixture().experts());
    mixture.mixture().setTrace(trace);
    return trace;
  }

  /** The composition's expert names in routing order (their directory names); empty for other attachments. */
  public List<String> expertNames() {
    return mixture == null ? List.of() : mixture.names();
  }

  @Override
  public void close() {
    model.transformer().setAdapter(previous);
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not free the attached adapter: " + e.getMessage(), e);
      }
    }
  }
}
