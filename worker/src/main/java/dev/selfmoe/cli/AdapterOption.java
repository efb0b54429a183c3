package dev.selfmoe.cli;

import dev.selfmoe.engine.lora.LoraModules;
import dev.selfmoe.engine.lora.PeftFormat;
import dev.selfmoe.engine.merge.DenseDeltaAdapter;
import dev.selfmoe.engine.merge.MergedModelFormat;
import dev.selfmoe.engine.mixse.MixtureFormat;
import dev.selfmoe.engine.mixse.Routing;
import dev.selfmoe.engine.mixse.RoutingTrace;
import dev.selfmoe.engine.model.LanguageModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** Attaches the chosen adapter to {@code lm}; the result closes it. */
  AutoCloseable attach(LanguageModel lm) {
    if (choice == null) {
      return () -> {};
    }
    if (choice.adapter != null) {
      var adapter = PeftFormat.load(choice.adapter);
      PeftFormat.check(adapter, lm.config());
      LoraModules modules = LoraModules.of(adapter, lm.config(), lm.manager());
      lm.transformer().setAdapter(modules);
      return modules;
    }
    if (choice.merged != null) {
      DenseDeltaAdapter merged = new DenseDeltaAdapter(MergedModelFormat.load(choice.merged), lm.config(),
          lm.manager());
      lm.transformer().setAdapter(merged);
      return merged;
    }
    MixtureFormat.Loaded loaded = MixtureFormat.load(choice.mixse, lm, topK == null ? null : Routing.top(topK));
    RoutingTrace trace = routingTrace == null ? null
        : new RoutingTrace(lm.config().layers(), loaded.mixture().experts());
    loaded.mixture().setTrace(trace);
    lm.transformer().setAdapter(loaded.mixture());
    return () -> {
      if (trace != null) {
        writeTrace(trace, loaded.names());
      }
      loaded.close();
    };
  }

  private void writeTrace(RoutingTrace trace, List<String> names) throws IOException {
    Files.writeString(routingTrace, trace.toJson(names).toPrettyString());
  }
}
