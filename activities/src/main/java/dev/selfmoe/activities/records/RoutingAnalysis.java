package dev.selfmoe.activities.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's Fig. 3 numbers for each mixture variant: per benchmark and expert, the gate weight and top-1 share
 * averaged over layers and draws weighted by tokens, and the same per layer (averaged over draws).
 */
final class RoutingAnalysis {
  /** One expert's averaged routing. */
  record ExpertShare(String expert, double meanWeight, double top1Share, long tokens) {}

  record BenchmarkRouting(String benchmark, List<ExpertShare> experts, Map<Integer, List<ExpertShare>> layers) {}

  record VariantRouting(String variant, List<String> experts, List<BenchmarkRouting> benchmarks) {}

  private RoutingAnalysis() {}

  /** Samples in any order; variants and benchmarks come out sorted, experts in routing order. */
  static List<VariantRouting> of(List<RoutingSample> samples) {
    // variant -> benchmark -> (layer or -1 for all layers) -> expert index -> mean
    Map<String, Map<String, Map<Integer, Map<Integer, TokenWeightedMean>>>> sums = new TreeMap<>();
    Map<String, Map<Integer, String>> names = new TreeMap<>();
    for (RoutingSample s : samples) {
      Map<Integer, Map<Integer, TokenWeightedMean>> byLayer = sums.computeIfAbsent(s.variant(), v -> new TreeMap<>())
          .computeIfAbsent(s.benchmark(), b -> new TreeMap<>());
      byLayer.computeIfAbsent(-1, l -> new TreeMap<>()).computeIfAbsent(s.expertIndex(), e -> new TokenWeightedMean())
          .add(s);
      byLayer.computeIfAbsent(s.layer(), l -> new TreeMap<>())
          .computeIfAbsent(s.expertIndex(), e -> new TokenWeightedMean()).add(s);
      names.computeIfAbsent(s.variant(), v -> new TreeMap<>()).putIfAbsent(s.expertIndex(), s.expertName());
    }
    List<VariantRouting> out = new ArrayList<>();
    sums.forEach((variant, benchmarks) -> {
      Map<Integer, String> expertNames = names.get(variant);
      List<BenchmarkRouting> rows = new ArrayList<>();
      benchmarks.forEach((benchmark, byLayer) -> {
        Map<Integer, List<ExpertShare>> layers = new LinkedHashMap<>();
        byLayer.forEach((layer, experts) -> {
          if (layer >= 0) {
            layers.put(layer, shares(experts, expertNames));
          }
        });
        rows.add(new BenchmarkRouting(benchmark, shares(byLayer.get(-1), expertNames), layers));
      });
      out.add(new VariantRouting(variant, List.copyOf(expertNames.values()), rows));
    });
    return out;
  }

  private static List<ExpertShare> shares(Map<Integer, TokenWeightedMean> experts, Map<Integer, String> names) {
    List<ExpertShare> out = new ArrayList<>();
    experts.forEach((index, mean) ->
        out.add(new ExpertShare(names.get(index), mean.meanWeight(), mean.top1Share(), mean.tokens())));
    return out;
  }

  static ObjectNode toJson(List<VariantRouting> variants, List<String> evaluationKeys) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    evaluationKeys.forEach(root.putArray("evaluations")::add);
    ArrayNode vs = root.putArray("variants");
    for (VariantRouting v : variants) {
      ObjectNode vn = vs.addObject().put("variant", v.variant());
      v.experts().forEach(vn.putArray("experts")::add);
      ArrayNode bs = vn.putArray("benchmarks");
      for (BenchmarkRouting b : v.benchmarks()) {
        ObjectNode bn = bs.addObject().put("benchmark", b.benchmark());
        shareArray(bn.putArray("experts"), b.experts());
        ArrayNode layers = bn.putArray("layers");
        b.layers().forEach((layer, shares) -> shareArray(layers.addObject().put("layer", layer).putArray("experts"),
            shares));
      }
    }
    return root;
  }

  private static void shareArray(ArrayNode array, List<ExpertShare> shares) {
    for (ExpertShare s : shares) {
      array.addObject().put("expert", s.expert()).put("mean_weight", s.meanWeight())
          .put("top1_share", s.top1Share()).put("tokens", s.tokens());
    }
  }
}
