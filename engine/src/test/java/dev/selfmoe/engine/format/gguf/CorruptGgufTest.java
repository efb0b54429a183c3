package dev.selfmoe.engine.format.gguf;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files fail at open with one line that names the file and what is wrong. */
class CorruptGgufTest {
  @TempDir Path dir;

  @Test
  void truncatedInTensorData() throws IOException {
    byte[] whole = Files.readAllBytes(TestModels.stories260k());
    Path cut = write("cut-data.gguf", Arrays.copyOf(whole, whole.length - 100));
    assertMessage(cut, "truncated: tensor ");
  }

  @Test
  void truncatedInHeader() throws IOException {
    byte[] whole = Files.readAllBytes(TestModels.stories260k());
    Path cut = write("cut-header.gguf", Arrays.copyOf(whole, 1000));
    assertMessage(cut, "truncated");
  }

  @Test
  void truncatedRightAfterMagic() throws IOException {
    byte[] whole = Files.readAllBytes(TestModels.stories260k());
    assertMessage(write("cut-early.gguf", Arrays.copyOf(whole, 12)), "truncated");
  }

  @Test
  void garbageBytes() throws IOException {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    assertMessage(write("junk.gguf", junk), "not a GGUF file");
  }

  @Test
  void garbageAfterMagicAndVersion() throws IOException {
    byte[] junk = new byte[4096];
    new Random(11).nextBytes(junk);
    byte[] header = {'G', 'G', 'U', 'F', 3, 0, 0, 0};
    System.arraycopy(header, 0, junk, 0, header.length);
    assertMessage(write("junk-body.gguf", junk), "corrupt");
  }

  @Test
  void emptyFile() throws IOException {
    assertMessage(write("empty.gguf", new byte[0]), "empty");
  }

  @Test
  void missingFile() {
    assertMessage(dir.resolve("absent.gguf"), "no such file");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static void assertMessage(Path file, String expected) {
    EngineException e = assertThrows(EngineException.class, () -> GgufFile.open(file).close());
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toString() + ": "), m);
    assertTrue(m.contains(expected), m);
    assertFalse(m.contains("\n"), m);
  }
}
