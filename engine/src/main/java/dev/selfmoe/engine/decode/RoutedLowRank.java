package dev.selfmoe.engine.decode;

import dev.selfmoe.engine.lora.LoraKey;
import dev.selfmoe.engine.lora.LoraTarget;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Input-dependent low-rank updates for the Java decode step: several experts' LoRA factors mixed per row by weights a
 * router gives at the start of each block (MiXSE). For a row, module and expert with a non-zero weight α it adds
 * α·scale·B·(A·x) to the module's output; experts a row does not use cost nothing, so a top-1 mixture costs about one
 * LoRA.
 */
public final class RoutedLowRank {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final int L = F.length();

  /** Turns a block's normalised input rows into mixing weights, {@code [rows × experts]}. */
  public interface Router {
    float[] route(int layer, float[] normed, int rows, int hidden);
  }

  /** One expert's factors for one module: A {@code [rank, in]} and B transposed, {@code [rank, out]}. */
  public record Factors(int rank, int in, int out, float[] a, float[] bTransposed, float scale) {}

  private final int experts;
  private final Map<LoraKey, Factors[]> factors; // per module, one entry per expert (null where it adapts nothing)
  private final Router router;
  private final float[][] alpha;
  private float[] hidden = new float[0];

  public RoutedLowRank(int layers, int experts, Map<LoraKey, Factors[]> factors, Router router) {
    this.experts = experts;
    this.factors = Map.copyOf(factors);
    this.router = router;
    this.alpha = new float[layers][];
  }

  /** Routes block {@code layer}'s attention-normalised rows; every module of the block then uses these weights. */
  void begin(int layer, float[] normed, int rows, int width) {
    alpha[layer] = router.route(layer, normed, rows, width);
  }

  /**
   * Adds the update of {@code target} for input rows x ({@code [rows, in]}) to
   * {@code y[r·yStride + yOffset + o]}.
   */
  void add(int layer, LoraTarget target, float[] x, int rows, float[] y, int yStride, int yOffset) {
    Factors[] perExpert = factors.get(new LoraKey(layer, target));
    if (perExpert == null) {
      return;
    }
    float[] weights = alpha[layer];
    for (int r = 0; r < rows; r++) {
      for (int e = 0; e < experts; e++) {
        Factors f = perExpert[e];
        float w = weights[r * experts + e];
        if (f == null || w == 0) {
          continue;
        }
        if (hidden.length < f.rank) {
          hidden = new float[f.rank];
        }
        for (int j = 0; j < f.rank; j++) {
          hidden[j] = w * f.scale * dot(f.a, j * f.in, x, r * f.in, f.in);
        }
        for (int j = 0; j < f.rank; j++) {
          axpy(hidden[j], f.bTransposed, j * f.out, y, r * yStride + yOffset, f.out);
        }
      }
    }
  }

  private static float dot(float[] a, int aAt, float[] x, int xAt, int n) {
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    for (; i + L <= n; i += L) {
      acc = FloatVector.fromArray(F, a, aAt + i).fma(FloatVector.fromArray(F, x, xAt + i), acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += a[aAt + i] * x[xAt + i];
    }
    return sum;
  }

  private static void axpy(float h, float[] b, int bAt, float[] y, int yAt, int n) {
    FloatVector scale = FloatVector.broadcast(F, h);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(F, b, bAt + i).fma(scale, FloatVector.fromArray(F, y, yAt + i)).intoArray(y, yAt + i);
    }
    for (; i < n; i++) {
      y[yAt + i] += h * b[bAt + i];
    }
  }
}
