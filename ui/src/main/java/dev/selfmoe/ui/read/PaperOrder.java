package dev.selfmoe.ui.read;

import java.util.Comparator;
import java.util.List;

/** The order the paper's tables use: Table 1's benchmarks and variants first, anything else after, by name. */
public final class PaperOrder {
  private static final List<String> BENCHMARKS = List.of("mmlu", "bbh", "gsm8k", "humaneval");
  private static final List<String> DOMAINS = List.of("knowledge", "reasoning", "math", "coding");
  private static final List<String> VARIANT_PREFIXES = List.of("base", "expert:", "instance-merging", "ties", "dare",
      "mixse-top1", "mixse-top2", "mixse-all", "mixse", "random-routing", "joint-training", "layerwise-router",
      "seed-only");

  public static final Comparator<String> BENCHMARK =
      Comparator.comparingInt((String b) -> rank(BENCHMARKS, b.toLowerCase())).thenComparing(Comparator.naturalOrder());

  public static final Comparator<String> DOMAIN =
      Comparator.comparingInt((String d) -> rank(DOMAINS, d)).thenComparing(Comparator.naturalOrder());

  public static final Comparator<String> VARIANT = Comparator.comparingInt(PaperOrder::variantRank)
      .thenComparingInt(PaperOrder::domainRank)
      .thenComparing(Comparator.naturalOrder());

  private PaperOrder() {}

  private static int variantRank(String variant) {
    for (int i = 0; i < VARIANT_PREFIXES.size(); i++) {
      if (variant.startsWith(VARIANT_PREFIXES.get(i))) {
        return i;
      }
    }
    return VARIANT_PREFIXES.size();
  }

  private static int domainRank(String variant) {
    int colon = variant.indexOf(':');
    return colon < 0 ? 0 : rank(DOMAINS, variant.substring(colon + 1));
  }

  private static int rank(List<String> order, String value) {
    int i = order.indexOf(value);
    return i < 0 ? order.size() : i;
  }
}
