package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One benchmark to evaluate every variant on: {@code limit} 0 is all items, {@code shots} -1 the benchmark's own,
 * {@code maxNewTokens} 0 the benchmark's own generation budget.
 */
public record BenchmarkSpec(String name, int limit, int shots, int maxNewTokens) {
  public static final Set<String> KNOWN = Set.of("mmlu", "bbh", "gsm8k", "humaneval", "mbpp", "math",
      "naturalquestions", "piqa", "truthfulqa_mc1", "truthfulqa_mc2", "hellaswag", "triviaqa", "arc_easy",
      "arc_challenge", "winogrande");

  static BenchmarkSpec read(JsonNode item, String path) {
    if (item.isTextual()) {
      return new BenchmarkSpec(check(item.asText().strip(), path), 0, -1, 0);
    }
    SpecNode n = new SpecNode(item, path);
    BenchmarkSpec b = new BenchmarkSpec(check(n.text("name", null), n.path("name")),
        n.integer("limit", 0, 0, Integer.MAX_VALUE), n.integer("shots", -1, -1, 64),
        n.integer("max_new_tokens", 0, 0, 1 << 16));
    n.refuseUnknown();
    return b;
  }

  private static String check(String name, String path) {
    if (!KNOWN.contains(name)) {
      throw new SpecException(path + ": unknown benchmark " + name + " (one of " + String.join(", ",
          KNOWN.stream().sorted().toList()) + ")");
    }
    return name;
  }
}
