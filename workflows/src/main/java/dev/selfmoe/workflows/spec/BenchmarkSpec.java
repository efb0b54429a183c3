package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * One benchmark to evaluate variants on: {@code limit} 0 is all items, {@code shots} -1 the benchmark's own,
 * {@code maxNewTokens} 0 the benchmark's own generation budget, {@code variants} empty every variant of the
 * experiment (else only those named: an expert need only be scored on its own domain's benchmark).
 */
public record BenchmarkSpec(String name, int limit, int shots, int maxNewTokens,
    // left out of JSON when empty, so specs written before the field keep their hashes and recipes
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> variants) {
  public static final Set<String> KNOWN = Set.of("mmlu", "bbh", "gsm8k", "humaneval", "mbpp", "math",
      "naturalquestions", "piqa", "truthfulqa_mc1", "truthfulqa_mc2", "hellaswag", "triviaqa", "arc_easy",
      "arc_challenge", "winogrande");

  public BenchmarkSpec {
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  public BenchmarkSpec(String name, int limit, int shots, int maxNewTokens) {
    this(name, limit, shots, maxNewTokens, List.of());
  }

  /** Whether the experiment's variant {@code variant} is scored on this benchmark. */
  public boolean evaluates(String variant) {
    return variants.isEmpty() || variants.contains(variant);
  }

  /** The benchmark as an evaluation sees it: which other variants it scores does not change any one score. */
  public BenchmarkSpec forEachVariant() {
    return variants.isEmpty() ? this : new BenchmarkSpec(name, limit, shots, maxNewTokens);
  }

  static BenchmarkSpec read(JsonNode item, String path) {
    if (item.isTextual()) {
      return new BenchmarkSpec(check(item.asText().strip(), path), 0, -1, 0);
    }
    SpecNode n = new SpecNode(item, path);
    BenchmarkSpec b = new BenchmarkSpec(check(n.text("name", null), n.path("name")),
        n.integer("limit", 0, 0, Integer.MAX_VALUE), n.integer("shots", -1, -1, 64),
        n.integer("max_new_tokens", 0, 0, 1 << 16), n.strings("variants", List.of()));
    if (n.has("variants") && b.variants().isEmpty()) {
      // an empty list would read as "every variant", the opposite of what writing one suggests
      throw new SpecException(n.path("variants") + ": must name at least one variant (leave it out for all)");
    }
    n.refuseUnknown();
    return b;
  }

  /** This benchmark scoring only {@code names} (already expanded and checked against the experiment's variants). */
  BenchmarkSpec withVariants(List<String> names) {
    return new BenchmarkSpec(name, limit, shots, maxNewTokens, names);
  }

  private static String check(String name, String path) {
    if (!KNOWN.contains(name)) {
      throw new SpecException(path + ": unknown benchmark " + name + " (one of " + String.join(", ",
          KNOWN.stream().sorted().toList()) + ")");
    }
    return name;
  }
}
