package dev.selfmoe.engine.generate;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.decode.Int8Decoder;
import dev.selfmoe.engine.generate.Completion.FinishReason;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  static final int[] GOLDEN_AFTER_BOS = Arrays.copyOfRange(dev.selfmoe.engine.model.TransformerGoldenTest.GOLDEN, 1, 65);

  static LanguageModel stories;
  static LanguageModel smol;

  @BeforeAll
  static void load() {
    stories = ModelLoader.load(TestModels.stories260k());
    smol = ModelLoader.load(TestModels.smollm2());
  }

  @AfterAll
  static void close() {
    stories.close();
    smol.close();
  }

  @Test
  void greedyFromBosReproducesGoldenIdsAndText() {
    Completion c = new Generator(stories).generateText(List.of(""), GenerationConfig.greedy(64)).get(0);
    assertArrayEquals(GOLDEN_AFTER_BOS, c.tokens());
    assertEquals(FinishReason.LENGTH, c.finishReason());
    assertTrue(c.text().startsWith("Once upon a time, there was a little girl named Lily."), c.text());
  }

  @Test
  void batchedGenerationEqualsOneByOne() {
    for (LanguageModel lm : List.of(stories, smol)) {
      List<String> prompts =
          List.of("Once upon a time", "The dog", "Lily and Ben went to the park to play with their ball and");
      GenerationConfig config = GenerationConfig.greedy(24);
      List<Completion> batched = new Generator(lm).generateText(prompts, config);
      for (int i = 0; i < prompts.size(); i++) {
        Completion alone = new Generator(lm).generateText(List.of(prompts.get(i)), config).get(0);
        assertArrayEquals(alone.tokens(), batched.get(i).tokens(), lm.source() + " prompt " + i);
        assertEquals(alone.text(), batched.get(i).text());
      }
    }
  }

  @Test
  void theJavaKvArraysOfOneGenerationServeTheNextAndItsResultIsUnchanged() {
    GenerationConfig longer = GenerationConfig.greedy(40);
    List<String> prompts = List.of("The dog", "Lily and Ben went to the park to play with their ball and");
    List<Completion> first = new Generator(smol).generateText(prompts, longer);
    long held = smol.int8Decoder().orElseThrow().reusableKvFloats();
    assertTrue(held > 0, "a finished generation hands its KV arrays back");
    // a smaller generation runs in the same arrays with other strides; the first prompts then run over its leftovers
    new Generator(smol).generateText(List.of("Once upon a time"), GenerationConfig.greedy(8));
    assertEquals(held, smol.int8Decoder().orElseThrow().reusableKvFloats(), "no new arrays for a smaller batch");
    List<Completion> again = new Generator(smol).generateText(prompts, longer);
    for (int i = 0; i < prompts.size(); i++) {
      assertArrayEquals(first.get(i).tokens(), again.get(i).tokens(), "prompt " + i);
    }
    // new arrays came with a quarter more room: a batch a little longer still fits, a much longer one does not
    new Generator(smol).generateText(prompts, GenerationConfig.greedy(46));
    assertEquals(held, smol.int8Decoder().orElseThrow().reusableKvFloats(), "room for a slightly longer batch");
    new Generator(smol).generateText(prompts, GenerationConfig.greedy(400)); // beyond any batch of this class
    assertTrue(smol.int8Decoder().orElseThrow().reusableKvFloats() > held);
  }

  /** A prompt of about {@code tokens} tokens on SmolLM2, one sentence repeated. */
  private static int[] longPrompt(int tokens) {
    int[] sentence = smol.tokenizer().encode(" The little dog ran to the park to play with a red ball.");
    int[] prompt = new int[sentence.length * (tokens / sentence.length + 1)];
    for (int i = 0; i < prompt.length; i += sentence.length) {
      System.arraycopy(sentence, 0, prompt, i, sentence.length);
    }
    return prompt;
  }

  private static long kvBytes(int rows, int positions) {
    return 2L * rows * positions * smol.config().layers() * smol.config().kvDim() * Float.BYTES;
  }

  @Test
  void aBatchThatDecodesInJavaIsPrefilledOneGroupOfRowsAtATimeWithTheSameResult() {
    int[] prompt = longPrompt(800);
    List<int[]> prompts = List.of(Arrays.copyOf(prompt, prompt.length - 40), prompt, Arrays.copyOf(prompt, 300));
    assertTrue(kvBytes(2, prompt.length) > Generator.PREFILL_GROUP_BYTES, "two rows exceed a group");
    GenerationConfig config = GenerationConfig.greedy(12);

    Generator grouped = new Generator(smol);
    List<Completion> inGroups = grouped.generate(prompts, config);
    assertEquals(kvBytes(1, prompt.length), grouped.largestTorchKvBytes(),
        "torch held one row of the longest prompt at a time");
    Generator whole = new Generator(smol, Generator.PREFILL_TOKENS, Generator.KV_BUDGET_BYTES, Long.MAX_VALUE);
    List<Completion> together = whole.generate(prompts, config);
    assertEquals(kvBytes(3, prompt.length), whole.largestTorchKvBytes(), "one group of every row, padded");
    for (int i = 0; i < prompts.size(); i++) {
      assertArrayEquals(together.get(i).tokens(), inGroups.get(i).tokens(), "prompt " + i);
    }
  }

  @Test
  void aLargeBatchStartingOnTorchDropsTheHeldKvArraysFirstAndItsResultIsUnchanged() {
    int rows = Int8Decoder.maxRows() + 1; // one more than the Java step takes: prefill and first steps on torch
    int[] prompt = longPrompt(1600 / rows);
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      prompts.add(Arrays.copyOf(prompt, prompt.length - i % 3));
    }
    assertTrue(kvBytes(rows, prompt.length) >= Generator.PREFILL_GROUP_BYTES, "the torch cache is large");

    new Generator(smol).generate(List.of(longPrompt(800), longPrompt(800)), GenerationConfig.greedy(16));
    long held = smol.int8Decoder().orElseThrow().reusableKvFloats();
    List<Completion> batched = new Generator(smol).generate(prompts, GenerationConfig.greedy(6));
    assertTrue(smol.int8Decoder().orElseThrow().reusableKvFloats() < held,
        "the larger arrays were dropped before the prefill");
    List<Completion> keepingThem = // a group budget beyond this batch: nothing is dropped
        new Generator(smol, Generator.PREFILL_TOKENS, Generator.KV_BUDGET_BYTES, Long.MAX_VALUE)
            .generate(prompts, GenerationConfig.greedy(6));
    for (int i = 0; i < rows; i++) {
      assertArrayEquals(keepingThem.get(i).tokens(), batched.get(i).tokens(), "prompt " + i);
    }
  }

  @Test
  void aLongPromptPrefilledInChunksContinuesAsInOnePass() {
    String story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sun. "
        .repeat(4);
    List<String> prompts = List.of(story, "The dog ran to the park. " + story, "Tom had a red ball.");
    for (LanguageModel lm : List.of(stories, smol)) {
      GenerationConfig config = GenerationConfig.greedy(16);
      List<Completion> whole = new Generator(lm, Integer.MAX_VALUE, Long.MAX_VALUE).generateText(prompts, config);
      List<Completion> chunked = // 17 positions a pass
          new Generator(lm, 3 * 17, Long.MAX_VALUE).generateText(prompts, config);
      assertTrue(whole.get(1).promptTokens() > 4 * 17, "the prompt spans several passes");
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(whole.get(i).tokens(), chunked.get(i).tokens(), lm.source() + " prompt " + i);
      }
    }
  }

  @Test
  void promptsBeyondTheKvBudgetRunInPassesWithTheSameCompletions() {
    String story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sun. ";
    List<String> prompts = List.of("Tom had a red ball.", story, "Tom had a red ball.", "The dog ran to the park.");
    for (GenerationConfig config : List.of(GenerationConfig.greedy(12), new GenerationConfig(12, 1.0, 0.98, 7,
        List.of()))) {
      List<Completion> together = new Generator(smol, Generator.PREFILL_TOKENS, Long.MAX_VALUE)
          .generateText(prompts, config);
      // one byte: every prompt becomes a pass of its own
      List<Completion> apart = new Generator(smol, Generator.PREFILL_TOKENS, 1).generateText(prompts, config);
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(together.get(i).tokens(), apart.get(i).tokens(), config + " prompt " + i);
        assertEquals(together.get(i).finishReason(), apart.get(i).finishReason());
      }
      if (!config.greedy()) {
        assertFalse(Arrays.equals(apart.get(0).tokens(), apart.get(2).tokens()),
            "a prompt's random stream follows its index in the call, not in its pass");
      }
    }
  }

  @Test
  void seededSamplingRepeatsAndSeedsDiffer() {
    GenerationConfig a = new GenerationConfig(32, 1.0, 0.98, 42, List.of());
    Generator g = new Generator(stories);
    List<String> prompts = List.of("Once upon a time", "Once upon a time");
    List<Completion> first = g.generateText(prompts, a);
    List<Completion> again = g.generateText(prompts, a);
    assertEquals(first.get(0).text(), again.get(0).text());
    assertEquals(first.get(1).text(), again.get(1).text());
    // the same prompt twice in one call draws from two streams
    Set<String> texts = new HashSet<>();
    for (long seed = 1; seed <= 4; seed++) {
      texts.add(g.generateText(List.of("Once upon a time"), new GenerationConfig(32, 1.0, 0.98, seed, List.of()))
          .get(0).text());
    }
    assertTrue(texts.size() > 1, "different seeds gave identical samples: " + texts);
    Completion alone = g.generateText(List.of("Once upon a time"), a).get(0);
    assertEquals(first.get(0).text(), alone.text(), "a prompt's sample does not depend on its batch");
  }

  @Test
  void stopStringsCutTheTextAndMaxNewTokensBounds() {
    Generator g = new Generator(stories);
    Completion full = g.generateText(List.of(""), GenerationConfig.greedy(64)).get(0);
    Completion stopped = g.generateText(List.of(""), GenerationConfig.greedy(64).withStopStrings(List.of(" Lily")))
        .get(0);
    assertEquals(FinishReason.STOP, stopped.finishReason());
    assertEquals(full.text().substring(0, full.text().indexOf(" Lily")), stopped.text());
    Completion five = g.generateText(List.of(""), GenerationConfig.greedy(5)).get(0);
    assertEquals(5, five.tokens().length);
    assertEquals(FinishReason.LENGTH, five.finishReason());
  }

  @Test
  void chatModelAnswersAndStopsAtEndOfTurn() {
    String prompt = smol.chatPrompt(null, "What is the capital of France?");
    Completion c =
        new Generator(smol).generate(List.of(smol.tokenizer().encode(prompt)), GenerationConfig.greedy(64)).get(0);
    assertTrue(c.text().contains("Paris"), c.text());
    assertEquals(FinishReason.EOS, c.finishReason(), c.text());
  }

  @Test
  void promptLongerThanTheContextIsRejected() {
    int[] tooLong = new int[stories.maxPositions()];
    Arrays.fill(tooLong, 1);
    EngineException e = assertThrows(EngineException.class,
        () -> new Generator(stories).generate(List.of(tooLong), GenerationConfig.greedy(8)));
    assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
  }
}
