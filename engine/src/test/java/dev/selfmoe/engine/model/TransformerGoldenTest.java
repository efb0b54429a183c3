package dev.selfmoe.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.format.gguf.GgufFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stories260K against the float64 reference in its SOURCE.md. */
public class TransformerGoldenTest {
  public static final int[] GOLDEN = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338,
      401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370,
      432, 352, 266, 268, 388, 426, 338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415,
      426, 13, 438, 310};

  @Test
  void greedyDecodeWithCacheReproducesGoldenIdsAndStep0Logits() {
    try (GgufFile file = GgufFile.open(TestModels.stories260k());
        NDManager manager = NDManager.newBaseManager()) {
      ModelConfig config = GgufCheckpoint.config(file);
      Transformer model =
          new Transformer(config, GgufCheckpoint.weights(file, config, manager), GgufCheckpoint.rope(file, config, manager));
      List<Integer> ids = new ArrayList<>(List.of(1));
      try (KvCache cache = new KvCache(config, 1, 80, manager)) {
        for (int step = 0; step < 64; step++) {
          try (NDManager sm = manager.newSubManager()) {
            int p = cache.length();
            NDArray in = sm.create(new long[] {ids.get(ids.size() - 1)}, new Shape(1, 1));
            NDArray pos = sm.create(new long[] {p}, new Shape(1, 1));
            NDArray mask = sm.zeros(new Shape(1, 1, 1, 1, p + 1));
            float[] logits = model.logits(model.forward(in, pos, mask, cache)).toFloatArray();
            if (step == 0) {
              assertEquals(17.0235f, logits[403], 1e-3);
              assertEquals(15.4062f, logits[385], 1e-3);
              assertEquals(13.1083f, logits[410], 1e-3);
              assertEquals(12.7692f, logits[317], 1e-3);
              assertEquals(12.4181f, logits[407], 1e-3);
            }
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
              if (logits[i] > logits[best]) {
                best = i;
              }
            }
            ids.add(best);
          }
        }
      }
      assertArrayEquals(GOLDEN, ids.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
