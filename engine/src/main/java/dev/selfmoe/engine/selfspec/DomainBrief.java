package dev.selfmoe.engine.selfspec;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two prompts that self-specialize a domain: the brainstorm brief that asks for a new instruction, and the
 * response prompt that casts the model as the domain's expert. Our wording ships as {@code <domain>.brainstorm.txt}
 * and {@code <domain>.response.txt}; a directory holding files of those names replaces it (for instance with the
 * paper's own prompts).
 *
 * <p>Placeholders: the brainstorm text takes {@code {examples}} (the in-context tasks, each rendered as
 * {@code ### Task i / Instruction: / Input:}) and {@code {next}} (the number of the task to write); it should end
 * where the new instruction begins. The response text takes {@code {examples}} (solved tasks in the
 * {@code ### Instruction: / ### Input: / ### Response:} layout) and {@code {query}} (the task to answer, in the same
 * layout up to the response).
 */
public record DomainBrief(Domain domain, String brainstorm, String response) {
  /** Where a generated task or response ends: the model starting the next one. */
  public static final List<String> BRAINSTORM_STOPS = List.of("\n### Task", "\n###Task");
  public static final List<String> RESPONSE_STOPS = List.of("\n### Instruction", "\n###Instruction");

  public DomainBrief {
    if (!brainstorm.contains("{examples}") || !brainstorm.contains("{next}")) {
      throw new EngineException(domain.id() + " brainstorm template needs {examples} and {next}");
    }
    if (!response.contains("{examples}") || !response.contains("{query}")) {
      throw new EngineException(domain.id() + " response template needs {examples} and {query}");
    }
  }

  public static DomainBrief defaults(Domain domain) {
    return new DomainBrief(domain, resource(domain.id() + ".brainstorm.txt"), resource(domain.id() + ".response.txt"));
  }

  /** Our brief with any of its two texts replaced by a same-named file in {@code dir}. */
  public static DomainBrief load(Domain domain, Path dir) {
    DomainBrief d = defaults(domain);
    return new DomainBrief(domain, fileOr(dir.resolve(domain.id() + ".brainstorm.txt"), d.brainstorm),
        fileOr(dir.resolve(domain.id() + ".response.txt"), d.response));
  }

  public String brainstormPrompt(List<Seed> examples) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < examples.size(); i++) {
      Seed s = examples.get(i);
      shown.append("### Task ").append(i + 1).append("\nInstruction: ").append(s.instruction().strip()).append('\n');
      if (!s.input().isBlank()) {
        shown.append("Input: ").append(s.input().strip()).append('\n');
      }
      shown.append('\n');
    }
    return brainstorm.stripTrailing()
        .replace("{examples}", shown)
        .replace("{next}", Integer.toString(examples.size() + 1));
  }

  public String responsePrompt(List<Seed> examples, String instruction, String input) {
    StringBuilder shown = new StringBuilder();
    for (Seed s : examples) {
      shown.append(query(s.instruction(), s.input())).append(s.output().strip()).append("\n\n");
    }
    return response.stripTrailing().replace("{examples}", shown).replace("{query}", query(instruction, input));
  }

  private static String query(String instruction, String input) {
    String q = "### Instruction:\n" + instruction.strip() + "\n\n";
    if (!input.isBlank()) {
      q += "### Input:\n" + input.strip() + "\n\n";
    }
    return q + "### Response:\n";
  }

  private static String resource(String name) {
    try (InputStream in = DomainBrief.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new EngineException("built-in template " + name + " is missing from the engine jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EngineException("cannot read built-in template " + name + ": " + e.getMessage());
    }
  }

  private static String fileOr(Path file, String fallback) {
    if (!Files.exists(file)) {
      return fallback;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
