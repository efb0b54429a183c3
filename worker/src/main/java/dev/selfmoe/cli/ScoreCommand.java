package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.generate.LogLikelihood;
import dev.selfmoe.engine.generate.ScoreRequest;
import dev.selfmoe.engine.generate.Scorer;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Log-likelihoods of continuations after a context, as JSON. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Print the log-likelihood of each continuation given the context, as JSON.")
final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin AdapterOption adapter;

  @Option(names = "--context", paramLabel = "TEXT", required = true, description = "The conditioning text.")
  String context;

  @Option(names = "--continuation", paramLabel = "TEXT", required = true,
      description = "A continuation to score (repeatable).")
  List<String> continuations;

  @Override
  public Integer call() throws Exception {
    try (LanguageModel lm = model.load(); AutoCloseable attached = adapter.attach(lm)) {
      List<LogLikelihood> results =
          new Scorer(lm).score(continuations.stream().map(c -> new ScoreRequest(context, c)).toList());
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = json.createObjectNode();
      root.put("model", lm.source().toString());
      root.put("context", context);
      ArrayNode rows = root.putArray("continuations");
      for (int i = 0; i < results.size(); i++) {
        LogLikelihood r = results.get(i);
        rows.addObject()
            .put("continuation", continuations.get(i))
            .put("logprob", r.logProb())
            .put("greedy", r.greedy())
            .put("tokens", r.tokens());
      }
      spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      spec.commandLine().getOut().flush();
    }
    return ExitCode.OK;
  }
}
