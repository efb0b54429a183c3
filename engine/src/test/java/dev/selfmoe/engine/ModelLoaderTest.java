package dev.selfmoe.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.model.HfExporter;
import dev.selfmoe.engine.model.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model input fails with one line naming the file and the problem. */
class ModelLoaderTest {
  @TempDir Path temp;

  private static EngineException failure(Path p) {
    EngineException e = assertThrows(EngineException.class, () -> ModelLoader.load(p).close());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
    return e;
  }

  @Test
  void missingFile() {
    assertTrue(failure(temp.resolve("nope.gguf")).getMessage().contains("not found"));
  }

  @Test
  void truncatedGguf() throws Exception {
    byte[] whole = Files.readAllBytes(TestModels.stories260k());
    for (int cut : new int[] {10, 200, whole.length / 2, whole.length - 100}) {
      Path p = temp.resolve("cut" + cut + ".gguf");
      Files.write(p, Arrays.copyOf(whole, cut));
      failure(p);
    }
  }

  @Test
  void notAGgufFile() throws Exception {
    Path p = temp.resolve("garbage.gguf");
    Files.writeString(p, "this is not a model at all, just some text that is long enough");
    assertTrue(failure(p).getMessage().contains("not a GGUF file"));
  }

  @Test
  void directoryWithoutConfig() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("empty-model"));
    assertTrue(failure(dir).getMessage().contains("config.json"));
  }

  @Test
  void unsupportedArchitectureAndForeignTokenizer() throws Exception {
    Path dir = temp.resolve("hf");
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      HfExporter.export(lm, dir);
    }
    Path config = dir.resolve("config.json");
    String original = Files.readString(config);
    Files.writeString(config, original.replace("\"llama\"", "\"gpt_neox\""));
    EngineException arch = failure(dir);
    assertTrue(arch.getMessage().contains("'gpt_neox' is not supported"), arch.getMessage());
    Files.writeString(config, original.replace("\"vocab_size\" : 512", "\"vocab_size\" : 100"));
    EngineException vocab = failure(dir);
    assertTrue(vocab.getMessage().contains("does not belong"), vocab.getMessage());
    Files.writeString(config, original);
    try (LanguageModel lm = ModelLoader.load(dir)) {
      assertEquals(512, lm.config().vocabSize());
    }
  }
}
