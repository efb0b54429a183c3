package dev.selfmoe.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GGUF → exported HF directory → loaded again: the HF loader and the q/k layout must give the same model. */
class HfExporterTest {
  @TempDir Path temp;

  @Test
  void storiesRoundTripsThroughAnHfDirectory() {
    roundTrip(TestModels.stories260k(), "Once upon a time, Lily saw a big dog.");
  }

  @Test
  void smolLmRoundTripsThroughAnHfDirectory() {
    roundTrip(TestModels.smollm2(), "The capital of France is Paris. ünïcødé 🙂 def f(x):\n    return x");
  }

  private void roundTrip(Path gguf, String text) {
    Path dir = temp.resolve("exported");
    try (LanguageModel original = ModelLoader.load(gguf)) {
      HfExporter.export(original, dir);
      assertTrue(Files.isRegularFile(dir.resolve("config.json")));
      assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
      assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")));
      try (LanguageModel reloaded = ModelLoader.load(dir)) {
        assertEquals(original.config(), reloaded.config());
        int[] ids = original.promptIds(text);
        assertArrayEquals(ids, reloaded.promptIds(text), "tokenizer.json encodes like the GGUF vocabulary");
        assertEquals(original.tokenizer().eosIds(), reloaded.tokenizer().eosIds());
        assertEquals(original.chatTemplate(), reloaded.chatTemplate());
        float[] a = SequenceLogits.of(original, ids);
        float[] b = SequenceLogits.of(reloaded, ids);
        assertEquals(a.length, b.length);
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst <= 1e-4f, "largest logit difference " + worst);
      }
    }
  }

  @Test
  void refusesToOverwriteANonEmptyDirectory() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("busy"));
    Files.writeString(dir.resolve("notes.txt"), "keep me");
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      EngineException e = assertThrows(EngineException.class, () -> HfExporter.export(lm, dir));
      assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }
    assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
  }
}
