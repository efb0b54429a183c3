package dev.selfmoe.engine.model;

import dev.selfmoe.engine.EngineException;

/**
 * A decoder's shape and numerics. Validates itself, so a bad config fails at load with the offending value rather
 * than as a shape error deep inside the forward pass.
 *
 * @param ropeScaling null unless the checkpoint uses Llama-3 scaling
 */
public record ModelConfig(
    ModelFamily family,
    int hiddenSize,
    int intermediateSize,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int vocabSize,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    int maxPositions,
    boolean tiedEmbeddings) {

  public ModelConfig {
    check(hiddenSize > 0, "hidden size", hiddenSize);
    check(intermediateSize > 0, "intermediate size", intermediateSize);
    check(layers > 0, "layer count", layers);
    check(heads > 0, "head count", heads);
    check(kvHeads > 0 && heads % kvHeads == 0, "KV head count (must divide the head count " + heads + ")", kvHeads);
    check(headDim > 0 && headDim % 2 == 0, "head dimension (must be even)", headDim);
    check(vocabSize > 0, "vocabulary size", vocabSize);
    check(rmsNormEps > 0, "RMS norm epsilon", rmsNormEps);
    check(ropeTheta > 0, "RoPE theta", ropeTheta);
    check(maxPositions > 0, "context length", maxPositions);
  }

  private static void check(boolean ok, String what, Object value) {
    if (!ok) {
      throw new EngineException("invalid model config: " + what + " = " + value);
    }
  }

  /** Query heads that share one KV head. */
  public int groupSize() {
    return heads / kvHeads;
  }

  public int qDim() {
    return heads * headDim;
  }

  public int kvDim() {
    return kvHeads * headDim;
  }
}
