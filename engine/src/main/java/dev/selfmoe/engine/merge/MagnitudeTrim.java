package dev.selfmoe.engine.merge;

import java.util.Arrays;

/** TIES's trim step: keep the largest-magnitude fraction of one tensor, zero the rest. */
final class MagnitudeTrim {
  private MagnitudeTrim() {}

  /**
   * Keeps k = ⌊density·n⌋ entries (as PEFT and mergekit count them) with the largest |value|. Among entries tied
   * at the cut-off magnitude the lower indices win, so the result never depends on sort stability.
   */
  static float[] trim(float[] v, double density) {
    int n = v.length;
    // The epsilon keeps e.g. 0.3·10 = 3.0000000000000004 and 0.29·100 = 28.999999999999996 at their intended k.
    int k = (int) Math.min(n, Math.floor(density * n + 1e-9));
    if (k == n) {
      return v.clone();
    }
    float[] out = new float[n];
    if (k == 0) {
      return out;
    }
    float[] mags = new float[n];
    for (int i = 0; i < n; i++) {
      mags[i] = Math.abs(v[i]);
    }
    Arrays.sort(mags);
    float cut = mags[n - k];
    int above = 0;
    for (float m : mags) {
      if (m > cut) {
        above++;
      }
    }
    int atCutLeft = k - above;
    for (int i = 0; i < n; i++) {
      float m = Math.abs(v[i]);
      if (m > cut) {
        out[i] = v[i];
      } else if (m == cut && atCutLeft > 0) {
        out[i] = v[i];
        atCutLeft--;
      }
    }
    return out;
  }
}
