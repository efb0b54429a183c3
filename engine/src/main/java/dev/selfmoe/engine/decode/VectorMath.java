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

  /**
   * scores[at + p] = q · k_p for positions p in [from, to), with the keys transposed: dimension i of position p at
   * {@code keys[base + i·stride + p]}. Eight positions share each multiply-add, so no horizontal sums are needed.
   */
  static void scores(float[] q, int qOffset, float[] keys, int base, int stride, int dim, int from, int to,
      float[] scores, int at) {
    int p = from;
    for (; p + L <= to; p += L) {
      FloatVector acc = FloatVector.zero(F);
      for (int i = 0; i < dim; i++) {
        acc = FloatVector.fromArray(F, keys, base + i * stride + p).fma(FloatVector.broadcast(F, q[qOffset + i]), acc);
      }
      acc.intoArray(scores, at + p);
    }
    for (; p < to; p++) {
      float sum = 0;
      for (int i = 0; i < dim; i++) {
        sum += keys[base + i * stride + p] * q[qOffset + i];
      }
      scores[at + p] = sum;
    }
  }

  /** out[o..+dim] = Σ_p weights[at + p] · v_p over [from, to), v_p at {@code values[base + p·dim]}. */
  static void weightedSum(float[] weights, int at, float[] values, int base, int dim, int from, int to, float[] out,
      int o) {
    int i = 0;
    for (; i + L <= dim; i += L) {
      FloatVector acc = FloatVector.zero(F);
      for (int p = from; p < to; p++) {
        acc = FloatVector.fromArray(F, values, base + p * dim + i).fma(FloatVector.broadcast(F, weights[at + p]), acc);
      }
      acc.intoArray(out, o + i);
    }
    for (; i < dim; i++) {
      float sum = 0;
      for (int p = from; p < to; p++) {
        sum += weights[at + p] * values[base + p * dim + i];
      }
      out[o + i] = sum;
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
