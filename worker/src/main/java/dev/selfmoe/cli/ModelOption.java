package dev.selfmoe.cli;

import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.model.LanguageModel;
import picocli.CommandLine.Option;

/** The {@code --model} option every model command shares. */
final class ModelOption {
  static final String DEFAULT_MODEL = "smollm2-135m-instruct";

  @Option(
      names = {"-m", "--model"},
      paramLabel = "M",
      defaultValue = DEFAULT_MODEL,
      description = "A .gguf file, a Hugging Face model directory, an org/name hub id, or a built-in alias "
          + "(default: ${DEFAULT-VALUE}, fetched on first use).")
  String model;

  LanguageModel load() {
    return ModelLoader.load(model, new ProgressBar("download"));
  }
}
