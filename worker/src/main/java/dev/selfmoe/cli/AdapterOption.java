package dev.selfmoe.cli;

import dev.selfmoe.engine.attach.Attachment;
import dev.selfmoe.engine.mixse.RoutingTrace;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What runs on top of the base model: nothing, one adapter, a MiXSE composition, or a merged model. */
final class AdapterOption {
  static final class Choice {
    @Option(names = "--adapter", paramLabel = "DIR", description = "A PEFT LoRA adapter directory.")
    Path adapter;

    @Option(names = "--mixse", paramLabel = "DIR", description = "A MiXSE composition (train-router output).")
    Path mixse;

    @Option(names = "--merged", paramLabel = "DIR", description = "A merged model (merge output).")
    Path merged;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Choice choice;

  @Option(names = "--top-k", paramLabel = "K", description = "With --mixse: experts per token (overrides the saved).")
  Integer topK;

  @Option(names = "--routing-trace", paramLabel = "FILE",
      description = "With --mixse: write per-layer routing statistics as JSON.")
  Path routingTrace;

  /** Attaches the chosen adapter to {@code lm}; the result detaches and closes it. */
  AutoCloseable attach(LanguageModel lm) {
    if (choice == null) {
      return Attachment.none(lm);
    }
    if (choice.adapter != null) {
      return Attachment.adapter(lm, choice.adapter);
    }
    if (choice.merged != null) {
      return Attachment.merged(lm, choice.merged);
    }
    Attachment mixture = Attachment.mixture(lm, choice.mixse, topK);
    RoutingTrace trace = routingTrace == null ? null : mixture.traceRouting();
    return () -> {
      try {
        if (trace != null) {
          Files.writeString(routingTrace, trace.toJson(mixture.expertNames()).toPrettyString());
        }
      } finally {
        mixture.close();
      }
    };
  }
}
