package dev.selfmoe.workflows.spec;

/**
 * Self-specialization per domain: {@code samples} kept items; zero for a budget means the engine's default; {@code
 * briefs} is a directory of prompt templates replacing ours (to run the paper's verbatim prompts).
 */
public record SyntheticSpec(
    int samples, int maxRounds, int brainstormTokens, int responseTokens, int batchSize, String briefs,
    boolean formatChecks) {

  static SyntheticSpec read(SpecNode n) {
    return new SyntheticSpec(
        n.integer("samples", 5000, 1, 10_000_000),
        n.integer("max_rounds", 0, 0, Integer.MAX_VALUE),
        n.integer("brainstorm_tokens", 0, 0, 1 << 16),
        n.integer("response_tokens", 0, 0, 1 << 16),
        n.integer("batch_size", 8, 1, 4096),
        n.has("briefs") ? n.text("briefs", null) : null,
        n.bool("format_checks", true));
  }
}
