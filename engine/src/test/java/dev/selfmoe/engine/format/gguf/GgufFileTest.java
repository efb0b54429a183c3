package dev.selfmoe.engine.format.gguf;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.format.TensorInfo;
import org.junit.jupiter.api.Test;

class GgufFileTest {
  @Test
  void readsStories260kMetadataAndTensors() {
    try (GgufFile f = GgufFile.open(TestModels.stories260k())) {
      assertEquals(3, f.version());
      assertEquals("llama", f.metadata().get("general.architecture"));
      assertEquals(64L, f.metadata().get("llama.embedding_length"));
      assertEquals(48, f.tensors().size());
      assertEquals(14176, f.dataStart());
      TensorInfo gate = f.tensor("blk.0.ffn_gate.weight").orElseThrow();
      assertArrayEquals(new long[] {172, 64}, gate.shape());
      assertEquals(512, ((java.util.List<?>) f.metadata().get("tokenizer.ggml.tokens")).size());
    }
  }
}
