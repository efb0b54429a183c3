package dev.selfmoe.cli;

import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import dev.selfmoe.engine.model.LanguageModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Continues one prompt and prints only the completion. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate a continuation of a prompt; prints only the completion on stdout.")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin AdapterOption adapter;

  @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "",
      description = "Prompt text (empty: start from BOS).")
  String prompt;

  @Option(names = "--chat", description = "Wrap the prompt in the model's chat template as a user turn.")
  boolean chat;

  @Option(names = "--system", paramLabel = "TEXT", description = "System message for --chat.")
  String system;

  @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "128",
      description = "Most tokens to generate (default ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
      description = "Sampling temperature; 0 is greedy (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
      description = "Nucleus sampling mass (default ${DEFAULT-VALUE}).")
  double topP;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--stop", paramLabel = "STR", description = "Stop before this string (repeatable).")
  List<String> stops = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    GenerationConfig config = new GenerationConfig(maxNewTokens, temperature, topP, seed, stops);
    if (system != null && !chat) {
      throw new UserInputException("--system needs --chat");
    }
    try (LanguageModel lm = model.load(); AutoCloseable attached = adapter.attach(lm)) {
      String text = chat ? lm.chatPrompt(system, prompt) : prompt;
      int[] ids = chat ? lm.tokenizer().encode(text) : lm.promptIds(text);
      Completion c = new Generator(lm).generate(List.of(ids), config).get(0);
      PrintWriter out = spec.commandLine().getOut();
      out.println(c.text());
      out.flush();
    }
    return ExitCode.OK;
  }
}
