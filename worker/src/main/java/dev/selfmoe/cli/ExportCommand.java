package dev.selfmoe.cli;

import dev.selfmoe.engine.model.HfExporter;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a model as a Hugging Face directory. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write the model as a Hugging Face directory (config.json, model.safetensors, tokenizer.json).")
final class ExportCommand implements Callable<Integer> {
  @Mixin ModelOption model;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "New output directory.")
  Path out;

  @Override
  public Integer call() {
    try (LanguageModel lm = model.load()) {
      HfExporter.export(lm, out);
    }
    System.err.println("wrote " + out.toAbsolutePath().normalize());
    return ExitCode.OK;
  }
}
