package dev.selfmoe.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import org.junit.jupiter.api.Test;

/** Attending a long query span in pieces gives the logits of attending it whole, with and without a KV cache. */
class AttentionSpansTest {
  private static final int[] IDS = TransformerGoldenTest.GOLDEN;

  @Test
  void piecewiseAttentionMatchesWholeOverOneSequence() {
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      Transformer model = lm.transformer();
      float[] whole = SequenceLogits.of(lm, IDS);
      // seven query rows per piece at 65 keys: ten pieces, the last one short
      model.maxScoreFloats = 7L * lm.config().heads() * IDS.length;
      float[] pieces;
      try {
        pieces = SequenceLogits.of(lm, IDS);
      } finally {
        model.maxScoreFloats = Transformer.MAX_SCORE_FLOATS;
      }
      assertClose(whole, pieces);
    }
  }

  @Test
  void piecewiseAttentionAfterCachedPrefixMatchesOnePass() {
    try (LanguageModel lm = ModelLoader.load(TestModels.stories260k())) {
      Transformer model = lm.transformer();
      int vocab = lm.config().vocabSize();
      float[] whole = SequenceLogits.of(lm, IDS);
      int prefix = 24;
      int rest = IDS.length - prefix;
      model.maxScoreFloats = 5L * lm.config().heads() * IDS.length;
      try (NDManager m = lm.manager().newSubManager();
          KvCache cache = new KvCache(lm.config(), 1, IDS.length, m)) {
        model.forward(ids(m, 0, prefix), positions(m, 0, prefix), causal(m, 0, prefix), cache);
        float[] tail = model.logits(model.forward(ids(m, prefix, rest), positions(m, prefix, rest),
            causal(m, prefix, rest), cache)).toFloatArray();
        float[] expected = new float[rest * vocab];
        System.arraycopy(whole, prefix * vocab, expected, 0, expected.length);
        assertClose(expected, tail);
      } finally {
        model.maxScoreFloats = Transformer.MAX_SCORE_FLOATS;
      }
    }
  }

  private static NDArray ids(NDManager m, int from, int count) {
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = IDS[from + i];
    }
    return m.create(ids, new Shape(1, count));
  }

  private static NDArray positions(NDManager m, int from, int count) {
    long[] p = new long[count];
    for (int i = 0; i < count; i++) {
      p[i] = from + i;
    }
    return m.create(p, new Shape(1, count));
  }

  /** Queries at positions [past, past + count) over keys [0, past + count). */
  private static NDArray causal(NDManager m, int past, int count) {
    int s = past + count;
    float[] mask = new float[count * s];
    for (int i = 0; i < count; i++) {
      for (int j = past + i + 1; j < s; j++) {
        mask[i * s + j] = -1e9f;
      }
    }
    return m.create(mask, new Shape(1, 1, 1, count, s));
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst < 1e-4, "largest logit difference " + worst);
  }
}
