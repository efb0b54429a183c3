package dev.selfmoe.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Qwen2.5-Coder-0.5B (Q4_K_M with Q5_0 and Q6_K tensors, qwen2 pre-tokenizer, q/k/v biases, untied output) against
 * llama.cpp run on the same file dequantized by llama.cpp's own code: token ids, per-token log-probabilities and
 * greedy continuations recorded by scripts/llama-reference/golden.sh.
 */
class LlamaCppGoldenTest {
  /** Both sides multiply the same float32 weights; what is left is summation order. */
  static final double MEAN_LOGPROB_TOLERANCE = 1e-4;
  static final double MAX_LOGPROB_TOLERANCE = 1e-3;
  /**
   * Greedy decoding runs on int8 weights (the engine's decode path), so it may take the other branch where the
   * reference's two best logits lie closer than this; up to such a near tie the tokens must be the same.
   */
  static final double NEAR_TIE = 0.1;

  static LanguageModel qwen;
  static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    qwen = ModelLoader.load(TestModels.qwenCoder05b());
    try (InputStream in = LlamaCppGoldenTest.class.getResourceAsStream("/golden/qwen2.5-coder-0.5b-instruct.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    qwen.close();
  }

  @Test
  void promptsTokenizeToLlamaCppsIds() {
    for (JsonNode c : golden.get("cases")) {
      assertArrayEquals(ints(c.get("prompt_tokens")), qwen.promptIds(c.get("prompt").asText()), c.get("prompt").asText());
    }
  }

  @Test
  void teacherForcedLogProbsMatchLlamaCpp() {
    for (JsonNode c : golden.get("cases")) {
      int[] prompt = ints(c.get("prompt_tokens"));
      int[] generated = ints(c.get("generated_tokens"));
      int[] all = IntStream.concat(IntStream.of(prompt), IntStream.of(generated)).toArray();
      double[] expected = IntStream.range(0, all.length - 1)
          .mapToDouble(i -> i < prompt.length - 1 ? c.get("prompt_logprobs").get(i).asDouble()
              : c.get("generated_logprobs").get(i - prompt.length + 1).asDouble())
          .toArray();
      double[] actual = logProbs(SequenceLogits.of(qwen, all), all, qwen.config().vocabSize());
      double sum = 0;
      double max = 0;
      for (int i = 0; i < expected.length; i++) {
        double d = Math.abs(expected[i] - actual[i]);
        sum += d;
        max = Math.max(max, d);
      }
      double mean = sum / expected.length;
      System.out.printf("llama.cpp golden: %d tokens, mean |Δ log p| %.2e, max %.2e%n", expected.length, mean, max);
      assertTrue(mean < MEAN_LOGPROB_TOLERANCE && max < MAX_LOGPROB_TOLERANCE,
          "mean |Δ log p| " + mean + ", max " + max + " over " + expected.length + " tokens");
    }
  }

  @Test
  void greedyContinuationsMatchLlamaCpp() {
    List<JsonNode> cases = List.copyOf(iterable(golden.get("cases")));
    List<int[]> prompts = cases.stream().map(c -> ints(c.get("prompt_tokens"))).toList();
    List<Completion> out = new Generator(qwen).generate(prompts, GenerationConfig.greedy(32));
    for (int i = 0; i < cases.size(); i++) {
      int[] expected = ints(cases.get(i).get("generated_tokens"));
      int[] actual = out.get(i).tokens();
      int same = 0;
      while (same < Math.min(expected.length, actual.length) && expected[same] == actual[same]) {
        same++;
      }
      System.out.printf("llama.cpp golden: case %d, %d of %d greedy tokens equal%n", i, same, expected.length);
      if (same < expected.length) {
        double margin = cases.get(i).get("generated_margins").get(same).asDouble();
        assertTrue(margin < NEAR_TIE, "case " + i + ": token " + same + " is " + (same < actual.length ? actual[same]
            : "missing") + ", llama.cpp chose " + expected[same] + " by a logit margin of " + margin);
      }
    }
  }

  private static double[] logProbs(float[] logits, int[] ids, int vocab) {
    double[] out = new double[ids.length - 1];
    for (int i = 0; i < out.length; i++) {
      int row = i * vocab;
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < vocab; v++) {
        max = Math.max(max, logits[row + v]);
      }
      double sum = 0;
      for (int v = 0; v < vocab; v++) {
        sum += Math.exp(logits[row + v] - max);
      }
      out[i] = logits[row + ids[i + 1]] - max - Math.log(sum);
    }
    return out;
  }

  private static int[] ints(JsonNode array) {
    return iterable(array).stream().mapToInt(JsonNode::asInt).toArray();
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
