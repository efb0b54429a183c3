package dev.selfmoe.engine.lora;

import dev.selfmoe.engine.EngineException;

/**
 * The two low-rank factors of one adapted linear layer, row-major: A is [rank, in] and B is [out, rank], so the
 * layer's update is scale · B · A, an [out, in] matrix in the base weight's layout.
 */
public record LoraFactors(int rank, int in, int out, float[] a, float[] b) {
  public LoraFactors {
    if (a.length != (long) rank * in || b.length != (long) out * rank) {
      throw new EngineException("LoRA factors do not match their shape: A has " + a.length + " values for ["
          + rank + ", " + in + "], B has " + b.length + " for [" + out + ", " + rank + "]");
    }
  }

  /** The dense update scale · B · A as a row-major [out, in] array. */
  public float[] delta(double scale) {
    float[] d = new float[out * in];
    for (int i = 0; i < out; i++) {
      for (int k = 0; k < rank; k++) {
        float bik = (float) (b[i * rank + k] * scale);
        if (bik == 0) {
          continue;
        }
        int aRow = k * in;
        int dRow = i * in;
        for (int j = 0; j < in; j++) {
          d[dRow + j] += bik * a[aRow + j];
        }
      }
    }
    return d;
  }
}
