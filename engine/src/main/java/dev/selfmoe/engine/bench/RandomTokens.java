package dev.selfmoe.engine.bench;

import java.util.SplittableRandom;

/** Reproducible token ids for benchmark inputs. */
final class RandomTokens {
  private RandomTokens() {}

  static long[] ids(int count, int vocab, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = random.nextInt(vocab);
    }
    return ids;
  }
}
