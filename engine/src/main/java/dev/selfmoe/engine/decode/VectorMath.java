package dev.selfmoe.engine.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The element-wise pieces of a decode step on float arrays, vectorised; each mirrors the torch forward pass. */
final class VectorMath {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final int L = F.length();

  private VectorMath() {}

  /** out[r] = x[r] / sqrt(mean(x[r]²) + eps) · weight, for each of {@code rows} rows of {@code weight.length}. */
  static void rmsNorm(float[] x, float[] weight, float eps, int rows, float[] out) {
    int n = weight.length;
    for (int r = 0; r < rows; r++) {
      int base = r * n;
      FloatVector acc = FloatVector.zero(F);
      int i = 0;
      for (; i + L <= n; i += L) {
        FloatVector v = FloatVector.fromArray(F, x, base + i);
        acc = v.fma(v, acc);
      }
      float sum = acc.reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        sum += x[base + i] * x[base + i];
      }
      float inverse = (float) (1 / Math.sqrt(sum / n + eps));
      i = 0;
      for (; i + L <= n; i += L) {
        FloatVector.fromArray(F, x, base + i).mul(inverse).mul(FloatVector.fromArray(F, weight, i))
            .intoArray(out, base + i);
      }
      for (; i < n; i++) {
        out[base + i] = x[base + i] * inverse * weight[i];
      }
    }
  }

  /**
   * The gated MLP's middle: {@code out[r, i] = act(gateUp[r, i]) · gateUp[r, width + i]} where each row of
   * {@code gateUp} holds the gate's {@code width} outputs and then the up projection's.
   */
  static void gatedActivation(float[] gateUp, int rows, int width, boolean gelu, float[] out) {
    for (int r = 0; r < rows; r++) {
      int g = r * 2 * width;
      int o = r * width;
      int i = 0;
      for (; i + L <= width; i += L) {
        FloatVector x = FloatVector.fromArray(F, gateUp, g + i);
        FloatVector a = gelu ? gelu(x) : x.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
        a.mul(FloatVector.fromArray(F, gateUp, g + width + i)).intoArray(out, o + i);
      }
      for (; i < width; i++) {
        float x = gateUp[g + i];
        float a = gelu ? gelu(x) : (float) (x / (1 + Math.exp(-x)));
        out[o + i] = a * gateUp[g + width + i];
      }
    }
  }

  private static final float GELU_SCALE = (float) Math.sqrt(2 / Math.PI);

  private static FloatVector gelu(FloatVector x) {
    FloatVector inner = x.mul(x).mul(x).mul(0.044715f).add(x).mul(GELU_SCALE);
    return x.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f));
  }

  private static float gelu(float x) {
    double inner = GELU_SCALE * (x + 0.044715f * x * x * x);
    return (float) (0.5f * x * (1 + Math.tanh(inner)));
  }

  static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    for (; i + L <= n; i += L) {
      acc = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /** y[yOffset..+n] += a · x[xOffset..+n]. */
  static void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(F, x, xOffset + i).fma(FloatVector.broadcast(F, a), FloatVector.fromArray(F, y, yOffset + i))
          .intoArray(y, yOffset + i);
    }
    for (; i < n; i++) {
      y[yOffset + i] += a * x[xOffset + i];
    }
  }

  /** Softmax of v[from, to) in place; returns nothing else. Entries outside the range are untouched. */
  static void softmax(float[] v, int from, int to) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = Math.max(max, v[i]);
    }
    FloatVector acc = FloatVector.zero(F);
    int i = from;
    for (; i + L <= to; i += L) {
      FloatVector e = FloatVector.fromArray(F, v, i).sub(max).lanewise(VectorOperators.EXP);
      e.intoArray(v, i);
      acc = acc.add(e);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      v[i] = (float) Math.exp(v[i] - max);
      sum += v[i];
    }
    float inverse = 1 / sum;
    i = from;
    for (; i + L <= to; i += L) {
      FloatVector.fromArray(F, v, i).mul(inverse).intoArray(v, i);
    }
    for (; i < to; i++) {
      v[i] *= inverse;
    }
  }
}
