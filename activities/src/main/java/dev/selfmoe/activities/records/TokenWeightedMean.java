package dev.selfmoe.activities.records;

/**
 * Mean gate weight and top-1 share over several layers or draws, each weighted by the tokens it saw; where no tokens
 * were counted at all, the plain mean (as the database's routing view does).
 */
final class TokenWeightedMean {
  private double weightTimesTokens;
  private double top1TimesTokens;
  private double weightSum;
  private double top1Sum;
  private long tokens;
  private int count;

  void add(RoutingSample s) {
    weightTimesTokens += s.meanWeight() * s.tokens();
    top1TimesTokens += s.top1Share() * s.tokens();
    weightSum += s.meanWeight();
    top1Sum += s.top1Share();
    tokens += s.tokens();
    count++;
  }

  double meanWeight() {
    return tokens > 0 ? weightTimesTokens / tokens : count == 0 ? 0 : weightSum / count;
  }

  double top1Share() {
    return tokens > 0 ? top1TimesTokens / tokens : count == 0 ? 0 : top1Sum / count;
  }

  long tokens() {
    return tokens;
  }
}
