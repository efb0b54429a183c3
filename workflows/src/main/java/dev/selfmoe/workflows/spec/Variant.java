package dev.selfmoe.workflows.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the result table. Names: {@code base}, {@code expert:<domain>} ({@code experts} expands to one per
 * domain), {@code instance-merging}, {@code ties}, {@code dare}, {@code mixse-top<k>} / {@code mixse-all}, {@code
 * random-routing}, {@code joint-training}, {@code layerwise-router}, {@code seed-only}. {@code topK} 0 means all
 * experts; it is only meaningful for the mixture kinds.
 */
public record Variant(String name, VariantKind kind, String domain, int topK) {
  static final String NAMES = "base, experts, expert:<domain>, instance-merging, ties, dare, mixse-top<k>, mixse-all, "
      + "random-routing, joint-training, layerwise-router, seed-only";

  public boolean usesRouter() {
    return kind == VariantKind.MIXSE || kind == VariantKind.RANDOM_ROUTING || kind == VariantKind.JOINT_TRAINING
        || kind == VariantKind.LAYERWISE_ROUTER || kind == VariantKind.SEED_ONLY;
  }

  static List<Variant> parse(String text, List<String> domains, int routerTopK, String path) {
    List<Variant> out = new ArrayList<>();
    switch (text) {
      case "base" -> out.add(new Variant(text, VariantKind.BASE, null, 0));
      case "experts" -> domains.forEach(d -> out.add(new Variant("expert:" + d, VariantKind.EXPERT, d, 0)));
      case "instance-merging" -> out.add(new Variant(text, VariantKind.INSTANCE_MERGING, null, 0));
      case "ties" -> out.add(new Variant(text, VariantKind.TIES, null, 0));
      case "dare" -> out.add(new Variant(text, VariantKind.DARE, null, 0));
      case "mixse-all" -> out.add(new Variant(text, VariantKind.MIXSE, null, 0));
      case "random-routing" -> out.add(new Variant(text, VariantKind.RANDOM_ROUTING, null, routerTopK));
      case "joint-training" -> out.add(new Variant(text, VariantKind.JOINT_TRAINING, null, routerTopK));
      case "layerwise-router" -> out.add(new Variant(text, VariantKind.LAYERWISE_ROUTER, null, routerTopK));
      case "seed-only" -> out.add(new Variant(text, VariantKind.SEED_ONLY, null, routerTopK));
      default -> out.add(parseParameterised(text, domains, path));
    }
    return out;
  }

  private static Variant parseParameterised(String text, List<String> domains, String path) {
    if (text.startsWith("expert:")) {
      String d = text.substring("expert:".length());
      if (!domains.contains(d)) {
        throw new SpecException(path + ": " + text + " names a domain not in domains " + domains);
      }
      return new Variant(text, VariantKind.EXPERT, d, 0);
    }
    if (text.matches("mixse-top[1-9][0-9]?")) {
      int k = Integer.parseInt(text.substring("mixse-top".length()));
      if (k > domains.size()) {
        throw new SpecException(path + ": " + text + " routes to " + k + " experts but there are " + domains.size());
      }
      return new Variant(text, VariantKind.MIXSE, null, k);
    }
    throw new SpecException(path + ": unknown variant " + text + " (one of " + NAMES + ")");
  }
}
