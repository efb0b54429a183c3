package dev.selfmoe.engine.train;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How an instruction (and optional input) becomes the prompt a response follows, in the three-section shape of the
 * Alpaca format. Our wording is the default; a user can load another (such as the original) from files whose text
 * holds {@code {instruction}} and, for the with-input variant, {@code {input}}.
 */
public record PromptTemplate(String withInput, String withoutInput) {
  public static final PromptTemplate DEFAULT = new PromptTemplate(
      "The task below comes with an instruction and some input. Write a response that completes it.\n\n"
          + "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n",
      "The task below comes with an instruction. Write a response that completes it.\n\n"
          + "### Instruction:\n{instruction}\n\n### Response:\n");

  public PromptTemplate {
    if (!withInput.contains("{instruction}") || !withInput.contains("{input}")
        || !withoutInput.contains("{instruction}")) {
      throw new EngineException("a prompt template needs {instruction} (and {input} in its with-input form)");
    }
  }

  public static PromptTemplate read(Path withInput, Path withoutInput) {
    try {
      return new PromptTemplate(Files.readString(withInput), Files.readString(withoutInput));
    } catch (IOException e) {
      throw new EngineException("cannot read the prompt template: " + e.getMessage());
    }
  }

  public String prompt(InstructionExample e) {
    return e.input().isBlank()
        ? withoutInput.replace("{instruction}", e.instruction())
        : withInput.replace("{instruction}", e.instruction()).replace("{input}", e.input());
  }
}
