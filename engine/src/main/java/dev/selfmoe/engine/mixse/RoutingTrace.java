package dev.selfmoe.engine.mixse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Routing statistics gathered while a mixture runs: per layer and expert, the summed mixing weight and how often the
 * expert got a token's largest weight. Means and top-1 shares per layer and overall are what the paper plots.
 */
public final class RoutingTrace {
  private final double[][] weightSum;
  private final long[][] top1;
  private final long[] tokens;

  public RoutingTrace(int layers, int experts) {
    weightSum = new double[layers][experts];
    top1 = new long[layers][experts];
    tokens = new long[layers];
  }

  void add(int layer, float[] alphaRows, int experts) {
    int rows = alphaRows.length / experts;
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int e = 0; e < experts; e++) {
        float a = alphaRows[r * experts + e];
        weightSum[layer][e] += a;
        if (a > alphaRows[r * experts + best]) {
          best = e;
        }
      }
      top1[layer][best]++;
    }
    tokens[layer] += rows;
  }

  public int layers() {
    return tokens.length;
  }

  public int experts() {
    return weightSum.length == 0 ? 0 : weightSum[0].length;
  }

  public long tokens(int layer) {
    return tokens[layer];
  }

  public double meanWeight(int layer, int expert) {
    return tokens[layer] == 0 ? 0 : weightSum[layer][expert] / tokens[layer];
  }

  public double top1Share(int layer, int expert) {
    return tokens[layer] == 0 ? 0 : (double) top1[layer][expert] / tokens[layer];
  }

  public double overallMeanWeight(int expert) {
    double s = 0;
    long n = 0;
    for (int l = 0; l < layers(); l++) {
      s += weightSum[l][expert];
      n += tokens[l];
    }
    return n == 0 ? 0 : s / n;
  }

  public double overallTop1Share(int expert) {
    long s = 0;
    long n = 0;
    for (int l = 0; l < layers(); l++) {
      s += top1[l][expert];
      n += tokens[l];
    }
    return n == 0 ? 0 : (double) s / n;
  }

  /** {"experts": [...], "overall": [{mean_weight, top1_share}...], "layers": [[...]...]}. */
  public ObjectNode toJson(java.util.List<String> expertNames) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    expertNames.forEach(root.putArray("experts")::add);
    ArrayNode overall = root.putArray("overall");
    for (int e = 0; e < experts(); e++) {
      overall.addObject().put("mean_weight", overallMeanWeight(e)).put("top1_share", overallTop1Share(e));
    }
    ArrayNode layers = root.putArray("layers");
    for (int l = 0; l < layers(); l++) {
      ArrayNode row = layers.addArray();
      for (int e = 0; e < experts(); e++) {
        row.addObject().put("mean_weight", meanWeight(l, e)).put("top1_share", top1Share(l, e));
      }
    }
    return root;
  }
}
