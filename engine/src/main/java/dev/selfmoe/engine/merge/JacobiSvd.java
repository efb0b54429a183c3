package dev.selfmoe.engine.merge;

/**
 * One-sided (Hestenes) Jacobi on a tall-thin matrix given as l columns: plane rotations make the columns mutually
 * orthogonal, and their norms are then the singular values. It works on the matrix itself rather than on its Gram
 * matrix, so small singular values keep full double precision, and it is exact up to rounding — the right tool for
 * the small l-column problem left after {@link TruncatedSvd} has found the dominant subspace.
 */
final class JacobiSvd {
  private static final int MAX_SWEEPS = 80;

  private JacobiSvd() {}

  /**
   * Rotates {@code cols} in place until they are orthogonal and returns the rotation W (as columns, w[j][k] is row k
   * of column j), so that the original matrix equals the rotated one times Wᵀ.
   */
  static double[][] orthogonalize(double[][] cols) {
    int l = cols.length;
    double[][] w = new double[l][l];
    for (int j = 0; j < l; j++) {
      w[j][j] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < l - 1; p++) {
        for (int q = p + 1; q < l; q++) {
          double alpha = dot(cols[p], cols[p]);
          double beta = dot(cols[q], cols[q]);
          double gamma = dot(cols[p], cols[q]);
          if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
            continue;
          }
          rotated = true;
          // The rotation angle that zeroes the pair's inner product, taken as the smaller of the two solutions.
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(1 + t * t);
          double s = c * t;
          rotate(cols[p], cols[q], c, s);
          rotate(w[p], w[q], c, s);
        }
      }
      if (!rotated) {
        break;
      }
    }
    return w;
  }

  private static void rotate(double[] x, double[] y, double c, double s) {
    for (int i = 0; i < x.length; i++) {
      double xi = x[i];
      double yi = y[i];
      x[i] = c * xi - s * yi;
      y[i] = s * xi + c * yi;
    }
  }

  static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
