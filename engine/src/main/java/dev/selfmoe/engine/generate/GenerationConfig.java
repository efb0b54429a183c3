package dev.selfmoe.engine.generate;

import dev.selfmoe.engine.EngineException;
import java.util.List;

/**
 * How to continue a prompt. Temperature 0 is greedy. With sampling, prompt {@code i} of a call draws from its own
 * random stream derived from {@code seed} and {@code i}, so the same seed and prompts give the same texts whatever
 * the batch size.
 */
public record GenerationConfig(
    int maxNewTokens, double temperature, double topP, long seed, List<String> stopStrings) {

  public GenerationConfig {
    if (maxNewTokens < 0) {
      throw new EngineException("max new tokens must be >= 0, got " + maxNewTokens);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new EngineException("temperature must be a finite number >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new EngineException("top-p must be in (0, 1], got " + topP);
    }
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new EngineException("stop strings must not be empty");
      }
    }
  }

  public static GenerationConfig greedy(int maxNewTokens) {
    return new GenerationConfig(maxNewTokens, 0, 1, 0, List.of());
  }

  public boolean greedy() {
    return temperature == 0;
  }

  public GenerationConfig withStopStrings(List<String> stops) {
    return new GenerationConfig(maxNewTokens, temperature, topP, seed, stops);
  }
}
