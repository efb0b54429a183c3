package dev.selfmoe.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.format.gguf.GgufFile;
import dev.selfmoe.engine.model.TransformerGoldenTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizers rebuilt from GGUF metadata, against ids from independent implementations: the stories260K golden
 * output in its SOURCE.md, and SmolLM2 ids from the Hugging Face transformers GGUF tokenizer conversion.
 */
class GgufTokenizerTest {
  private static final String STORIES_TEXT = " Once upon a time, there was a little girl named Lily. She loved to play "
      + "outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily";

  /** Text → ids as produced by transformers 4.x AutoTokenizer(gguf_file=SmolLM2-135M-Instruct.Q4_1.gguf). */
  private static final Map<String, int[]> SMOL_REFERENCE = Map.of(
      "Hello, world!", new int[] {19556, 28, 905, 17},
      "The capital of France is Paris. ünïcødé 🙂 def f(x):\n    return x",
      new int[] {504, 3575, 282, 4649, 314, 7042, 30, 5549, 137, 94, 25972, 83, 21817, 84, 2756, 47526, 753, 275, 24,
          104, 727, 472, 1003, 1792},
      "  multiple   spaces\t\ttabs\n\n\nnewlines 12345 3.14159",
      new int[] {216, 2701, 256, 5600, 197, 197, 100, 7366, 1116, 198, 2241, 5110, 216, 33, 34, 35, 36, 37, 216, 35,
          30, 33, 36, 33, 37, 41},
      "<|im_start|>user\nHi<|im_end|>\n", new int[] {1, 4093, 198, 26843, 2, 198});

  private static final List<String> ROUND_TRIP = List.of("", "a", "Hello, world!", "  leading and trailing  ",
      "ünïcødé 🙂 中文 العربية", "def f(x):\n\treturn x ** 2  # square\n", "1234567890 3.14 -42", "\n\n\n", "it's we're");

  @TempDir Path temp;

  static GgufTokenizer load(Path gguf) {
    try (GgufFile f = GgufFile.open(gguf)) {
      return GgufTokenizers.fromMetadata(f.metadata(), gguf);
    }
  }

  @Test
  void storiesDecodesAndReEncodesTheGoldenOutput() {
    GgufTokenizer t = load(TestModels.stories260k());
    int[] generated = Arrays.copyOfRange(TransformerGoldenTest.GOLDEN, 1, 65);
    assertEquals(STORIES_TEXT, t.decodeContinuation(generated));
    assertEquals(STORIES_TEXT.substring(1), t.decode(generated));
    assertArrayEquals(generated, t.encode(STORIES_TEXT.substring(1)));
    assertEquals(1, t.bosId());
    assertTrue(t.addBos());
    assertEquals(java.util.Set.of(2), t.eosIds());
  }

  @Test
  void smolLmMatchesTheReferenceIds() {
    GgufTokenizer t = load(TestModels.smollm2());
    for (Map.Entry<String, int[]> e : SMOL_REFERENCE.entrySet()) {
      assertArrayEquals(e.getValue(), t.encode(e.getKey()), e.getKey());
    }
    assertFalse(t.addBos());
    assertTrue(t.eosIds().contains(t.tokenId("<|im_end|>")));
  }

  @Test
  void bothVocabulariesRoundTripText() {
    for (Path model : List.of(TestModels.stories260k(), TestModels.smollm2())) {
      GgufTokenizer t = load(model);
      for (String s : ROUND_TRIP) {
        assertEquals(s, t.decode(t.encode(s)), model + ": " + s);
      }
    }
  }

  @Test
  void exportedTokenizerJsonEncodesLikeTheGgufVocabulary() {
    for (Path model : List.of(TestModels.stories260k(), TestModels.smollm2())) {
      GgufTokenizer gguf = load(model);
      Path dir = temp.resolve(model.getFileName().toString());
      dir.toFile().mkdirs();
      TokenizerJsonWriter.write(gguf, Optional.empty(), dir);
      try (HfTokenizer hf = HfTokenizer.open(dir)) {
        Map<String, int[]> cases = new HashMap<>(SMOL_REFERENCE);
        ROUND_TRIP.forEach(s -> cases.put(s, null));
        cases.put(STORIES_TEXT, null);
        for (String s : cases.keySet()) {
          assertArrayEquals(gguf.encode(s), hf.encode(s), model + ": " + s);
          assertEquals(gguf.decode(gguf.encode(s)), hf.decode(hf.encode(s)), model + ": " + s);
        }
        assertEquals(gguf.bosId(), hf.bosId());
        assertEquals(gguf.eosIds(), hf.eosIds());
        assertEquals(gguf.addBos(), hf.addBos());
        assertEquals(gguf.vocabSize(), hf.vocabSize());
      }
    }
  }

  @Test
  void smolLmChatTemplateRendersWithItsDefaultSystemTurn() {
    String jinja;
    try (GgufFile f = GgufFile.open(TestModels.smollm2())) {
      jinja = GgufTokenizers.chatTemplate(f.metadata()).orElseThrow();
    }
    ChatTemplate template = ChatTemplate.detect(jinja);
    assertEquals(ChatTemplate.Family.CHATML, template.family());
    // what transformers' apply_chat_template renders for this template
    assertEquals("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face"
            + "<|im_end|>\n<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
        template.render(List.of(new ChatMessage("user", "What is the capital of France?")), true));
    assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n",
        template.render(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")), false));
  }

  @Test
  void otherFamiliesAndUnknownTemplates() {
    ChatTemplate llama3 = ChatTemplate.detect("{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>' }}");
    assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
        llama3.render(List.of(new ChatMessage("user", "Hi")), true));
    ChatTemplate gemma = ChatTemplate.detect("{{ '<start_of_turn>' + role }}");
    assertEquals("<bos><start_of_turn>user\nSys\n\nHi<end_of_turn>\n<start_of_turn>model\n",
        gemma.render(List.of(new ChatMessage("system", "Sys"), new ChatMessage("user", "Hi")), true));
    EngineException e = assertThrows(EngineException.class, () -> ChatTemplate.detect("{{ messages }} ### Human:"));
    assertTrue(e.getMessage().contains("not supported"), e.getMessage());
  }

  @Test
  void unknownTokenizerModelIsRefused() {
    Map<String, Object> meta = new HashMap<>();
    meta.put("tokenizer.ggml.model", "bert");
    meta.put("tokenizer.ggml.tokens", List.of("a", "b"));
    EngineException e = assertThrows(EngineException.class,
        () -> GgufTokenizers.fromMetadata(meta, Path.of("model.gguf")));
    assertTrue(e.getMessage().contains("model.gguf") && e.getMessage().contains("'bert'"), e.getMessage());
  }
}
