package dev.selfmoe.engine.eval.code;

import java.util.List;

/** One sandbox result per problem (one greedy sample each), so pass@1 is the fraction that passed. */
public record CodeScore(List<String> taskIds, List<SandboxResult> results) {
  public CodeScore {
    taskIds = List.copyOf(taskIds);
    results = List.copyOf(results);
  }

  public int passed() {
    return (int) results.stream().filter(SandboxResult::passed).count();
  }

  public double passAt1() {
    return results.isEmpty() ? 0 : (double) passed() / results.size();
  }

  /** The unbiased estimator 1 - C(n-c, k) / C(n, k) for n samples of which c passed, as the harnesses compute it. */
  public static double passAtK(int n, int c, int k) {
    if (n - c < k) {
      return 1.0;
    }
    double fail = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      fail *= 1.0 - (double) k / i;
    }
    return 1.0 - fail;
  }
}
