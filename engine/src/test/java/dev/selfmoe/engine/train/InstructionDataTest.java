package dev.selfmoe.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstructionDataTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("data.jsonl"), text);
  }

  @Test
  void readsOutputOrResponseAndSkipsBlankLines() throws IOException {
    List<InstructionExample> examples = InstructionData.read(file(
        "{\"instruction\": \"Add\", \"input\": \"1 2\", \"output\": \"3\"}\n\n{\"instruction\": \"Hi\", \"response\": \"Hello\"}\n"));
    assertEquals(List.of(new InstructionExample("Add", "1 2", "3"), new InstructionExample("Hi", "", "Hello")),
        examples);
  }

  @Test
  void badLinesAndEmptyFilesNameTheProblem() throws IOException {
    Path bad = file("{\"instruction\": \"a\", \"output\": \"b\"}\n{oops\n");
    assertEquals(bad + ":2: not valid JSON", assertThrows(EngineException.class, () -> InstructionData.read(bad))
        .getMessage());
    Path missing = file("{\"instruction\": \"a\"}\n");
    assertEquals(missing + ":1: needs a non-empty \"instruction\" and \"output\"",
        assertThrows(EngineException.class, () -> InstructionData.read(missing)).getMessage());
    Path empty = file("\n");
    assertEquals(empty + ": no training examples (the file is empty)",
        assertThrows(EngineException.class, () -> InstructionData.read(empty)).getMessage());
  }
}
