package dev.selfmoe.engine.merge;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The top-r singular triplets of a dense [out, in] matrix in double precision, by block subspace iteration with
 * Rayleigh–Ritz. A full SVD of an LLM projection costs O(n³) per module; iterating an l = r + oversample column block
 * costs O(out·in·l) per step. When l reaches min(out, in) the block spans the whole range and one step is exact.
 *
 * <p>The captured energy Σσ̃ᵢ² of the Ritz subspace rises monotonically to Σσᵢ², and the Frobenius error of the
 * rank-r approximation is exactly ‖M‖² − Σσ̃ᵢ², so iteration stops once an iteration adds less than 1e-10 of that
 * energy (or after 300 iterations): vectors may still turn inside a cluster of near-equal σ, but that barely moves the
 * error, which is what a merge cares about. Flat spectra converge slowest — a random 576×1536 matrix at rank 8 takes
 * ~130 iterations, a few seconds; deltas with a decaying spectrum take a few dozen. The starting block comes from a
 * fixed seed, making results reproducible.
 *
 * @param sigma r singular values, descending (zeros past the matrix's rank)
 * @param u r left singular vectors of length out
 * @param v r right singular vectors of length in
 */
record TruncatedSvd(double[] sigma, double[][] u, double[][] v) {
  private static final int MAX_ITERATIONS = 300;
  private static final double ENERGY_TOLERANCE = 1e-10;
  private static final long SEED = 0x5EED_5EEDL;

  /** @param m row-major [out, in] */
  static TruncatedSvd top(double[] m, int out, int in, int r) {
    int l = Math.min(r + Math.max(10, r), Math.min(out, in));
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] omega = new double[l][in];
    for (double[] col : omega) {
      for (int j = 0; j < in; j++) {
        col[j] = random.nextDouble() * 2 - 1;
      }
    }
    double[][] q = orthonormalize(times(m, out, in, omega));
    double prevEnergy = -1;
    for (int it = 0; ; it++) {
      double[][] z = timesTransposed(m, out, in, q);
      double[][] w = JacobiSvd.orthogonalize(z);
      Integer[] order = byNorm(z);
      double energy = 0;
      for (int k = 0; k < Math.min(r, l); k++) {
        energy += JacobiSvd.dot(z[order[k]], z[order[k]]);
      }
      boolean exact = l == Math.min(out, in);
      if (exact || it + 1 >= MAX_ITERATIONS || energy - prevEnergy <= ENERGY_TOLERANCE * energy) {
        return assemble(q, z, w, order, r);
      }
      prevEnergy = energy;
      q = orthonormalize(times(m, out, in, z));
    }
  }

  /** M ≈ Q·Zᵀ and Z = Z'·Wᵀ with Z' orthogonal, so M ≈ (Q·W)·Σ·Vᵀ with v_k = z'_k / σ_k. */
  private static TruncatedSvd assemble(double[][] q, double[][] z, double[][] w, Integer[] order, int r) {
    int out = q[0].length;
    int in = z[0].length;
    double[] sigma = new double[r];
    double[][] u = new double[r][out];
    double[][] v = new double[r][in];
    for (int k = 0; k < Math.min(r, z.length); k++) {
      int j = order[k];
      double s = Math.sqrt(JacobiSvd.dot(z[j], z[j]));
      if (s == 0) {
        continue;
      }
      sigma[k] = s;
      for (int c = 0; c < q.length; c++) {
        double wc = w[j][c];
        for (int i = 0; i < out; i++) {
          u[k][i] += q[c][i] * wc;
        }
      }
      for (int i = 0; i < in; i++) {
        v[k][i] = z[j][i] / s;
      }
      // Singular vectors are defined up to a joint sign; pinning it keeps outputs canonical.
      if (v[k][argMaxAbs(v[k])] < 0) {
        negate(u[k]);
        negate(v[k]);
      }
    }
    return new TruncatedSvd(sigma, u, v);
  }

  private static Integer[] byNorm(double[][] cols) {
    double[] norms = Arrays.stream(cols).mapToDouble(c -> JacobiSvd.dot(c, c)).toArray();
    return IntStream.range(0, cols.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(j -> -norms[j]).thenComparingInt(j -> j))
        .toArray(Integer[]::new);
  }

  /** M·X for X given as columns of length in; returns columns of length out. Row-outer so M is read once. */
  private static double[][] times(double[] m, int out, int in, double[][] x) {
    double[][] y = new double[x.length][out];
    for (int i = 0; i < out; i++) {
      int row = i * in;
      for (int c = 0; c < x.length; c++) {
        double[] xc = x[c];
        double s = 0;
        for (int j = 0; j < in; j++) {
          s += m[row + j] * xc[j];
        }
        y[c][i] = s;
      }
    }
    return y;
  }

  /** Mᵀ·Q for Q given as columns of length out; returns columns of length in. Row-outer so M is read once. */
  private static double[][] timesTransposed(double[] m, int out, int in, double[][] q) {
    double[][] z = new double[q.length][in];
    for (int i = 0; i < out; i++) {
      int row = i * in;
      for (int c = 0; c < q.length; c++) {
        double qi = q[c][i];
        if (qi == 0) {
          continue;
        }
        double[] zc = z[c];
        for (int j = 0; j < in; j++) {
          zc[j] += m[row + j] * qi;
        }
      }
    }
    return z;
  }

  /**
   * Modified Gram–Schmidt, run twice for orthogonality to rounding. A column that vanishes against the earlier ones
   * (the matrix's rank is below l) is zeroed and stays zero, contributing a zero singular value.
   */
  private static double[][] orthonormalize(double[][] cols) {
    for (int j = 0; j < cols.length; j++) {
      double[] c = cols[j];
      double before = Math.sqrt(JacobiSvd.dot(c, c));
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < j; k++) {
          double proj = JacobiSvd.dot(cols[k], c);
          for (int i = 0; i < c.length; i++) {
            c[i] -= proj * cols[k][i];
          }
        }
      }
      double norm = Math.sqrt(JacobiSvd.dot(c, c));
      double scale = norm <= 1e-12 * before ? 0 : 1 / norm;
      for (int i = 0; i < c.length; i++) {
        c[i] *= scale;
      }
    }
    return cols;
  }

  private static int argMaxAbs(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (Math.abs(x[i]) > Math.abs(x[best])) {
        best = i;
      }
    }
    return best;
  }

  private static void negate(double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = -x[i];
    }
  }
}
