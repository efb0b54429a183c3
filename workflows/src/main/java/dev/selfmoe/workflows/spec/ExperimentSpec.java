package dev.selfmoe.workflows.spec;

import dev.selfmoe.workflows.recipe.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One experiment: a base model, its domains, how their data and experts are made, which variants to build and on
 * which benchmarks to score them. Read from YAML by {@link SpecReader}; every field is validated there.
 */
public record ExperimentSpec(
    String name,
    String model,
    String data,
    long seed,
    List<String> domains,
    SeedSpec seeds,
    SyntheticSpec synthetic,
    LoraSpec lora,
    RouterSpec router,
    MergeSpec merge,
    List<Variant> variants,
    List<BenchmarkSpec> benchmarks,
    int draws,
    int evalBatchSize,
    QueueSpec queues) {

  /** The spec's identity apart from its name: two specs with equal hashes compute the same things. */
  public String hash() {
    ExperimentSpec unnamed = new ExperimentSpec("-", model, data, seed, domains, seeds, synthetic, lora, router, merge,
        variants, benchmarks, draws, evalBatchSize, queues);
    return Recipe.of("experiment", Map.of("spec", unnamed)).key();
  }

  static ExperimentSpec read(SpecNode n) {
    String name = n.text("name", null);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,80}")) {
      throw new SpecException(n.path("name") + ": use letters, digits, '.', '_' or '-' (it names workflows), got "
          + name);
    }
    long seed = n.longValue("seed", 0);
    List<String> domains = n.list("domains", List.of("knowledge", "reasoning", "math", "coding"),
        (item, p) -> Domain.parse(item.asText(), p).key());
    if (domains.isEmpty() || domains.stream().distinct().count() != domains.size()) {
      throw new SpecException(n.path("domains") + ": must list each domain once, got " + domains);
    }
    RouterSpec router = n.object("router", RouterSpec::read);
    Map<String, Variant> variants = new LinkedHashMap<>();
    List<String> variantNames = n.strings("variants", List.of("base", "experts", "instance-merging", "ties", "dare",
        "mixse-top1"));
    for (int i = 0; i < variantNames.size(); i++) {
      for (Variant v : Variant.parse(variantNames.get(i), domains, router.topK(), n.path("variants") + "[" + i + "]")) {
        variants.putIfAbsent(v.name(), v);
      }
    }
    if (variants.isEmpty()) {
      throw new SpecException(n.path("variants") + ": must name at least one variant");
    }
    List<BenchmarkSpec> benchmarks = n.list("benchmarks",
        List.of("mmlu", "bbh", "gsm8k", "humaneval").stream().map(b -> new BenchmarkSpec(b, 0, -1, 0)).toList(),
        BenchmarkSpec::read);
    if (benchmarks.stream().map(BenchmarkSpec::name).distinct().count() != benchmarks.size()) {
      throw new SpecException(n.path("benchmarks") + ": lists a benchmark twice");
    }
    benchmarks = restrictedToKnownVariants(benchmarks, domains, router.topK(), variants.keySet(),
        n.path("benchmarks"));
    ExperimentSpec spec = new ExperimentSpec(
        name,
        n.text("model", null),
        n.has("data") ? n.text("data", null) : null,
        seed,
        List.copyOf(domains),
        n.object("seeds", c -> SeedSpec.read(c, seed)),
        n.object("synthetic", SyntheticSpec::read),
        n.object("lora", LoraSpec::read),
        router,
        n.object("merge", MergeSpec::read),
        List.copyOf(new ArrayList<>(variants.values())),
        List.copyOf(benchmarks),
        n.integer("draws", 1, 1, 20),
        n.integer("eval_batch_size", 8, 1, 4096),
        n.object("queues", QueueSpec::read));
    n.refuseUnknown();
    return spec;
  }

  /** Expands each benchmark's variant names as the variant list expands ({@code experts}: every expert). */
  private static List<BenchmarkSpec> restrictedToKnownVariants(List<BenchmarkSpec> benchmarks, List<String> domains,
      int routerTopK, Set<String> experimentVariants, String path) {
    List<BenchmarkSpec> out = new ArrayList<>();
    for (int i = 0; i < benchmarks.size(); i++) {
      BenchmarkSpec b = benchmarks.get(i);
      if (b.variants().isEmpty()) {
        out.add(b);
        continue;
      }
      String p = path + "[" + i + "].variants";
      Set<String> names = new LinkedHashSet<>();
      for (String text : b.variants()) {
        for (Variant v : Variant.parse(text, domains, routerTopK, p)) {
          if (!experimentVariants.contains(v.name())) {
            throw new SpecException(p + ": " + v.name() + " is not one of the experiment's variants "
                + experimentVariants);
          }
          names.add(v.name());
        }
      }
      out.add(b.withVariants(List.copyOf(names)));
    }
    return out;
  }
}
