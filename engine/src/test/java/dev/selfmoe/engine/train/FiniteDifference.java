package dev.selfmoe.engine.train;

import ai.djl.ndarray.NDArray;
import java.util.function.DoubleSupplier;

/** Central differences of a loss in one parameter entry, for checking gradients. */
final class FiniteDifference {
  private FiniteDifference() {}

  /** (loss(p[i] + h) - loss(p[i] - h)) / 2h; leaves {@code p} as it was. */
  static double derivative(NDArray p, int i, double h, DoubleSupplier loss) {
    float[] values = p.toFloatArray();
    try {
      return (lossAt(p, values, i, h, loss) - lossAt(p, values, i, -h, loss)) / (2 * h);
    } finally {
      p.set(values);
    }
  }

  private static double lossAt(NDArray p, float[] values, int i, double h, DoubleSupplier loss) {
    float[] shifted = values.clone();
    shifted[i] += (float) h;
    p.set(shifted);
    return loss.getAsDouble();
  }
}
