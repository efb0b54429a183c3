package dev.selfmoe.engine.train;

/** One supervised example: an instruction, an optional input, and the response the model should learn to give. */
public record InstructionExample(String instruction, String input, String response) {
  public InstructionExample {
    input = input == null ? "" : input;
  }
}
