package dev.selfmoe.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.Transformer;
import dev.selfmoe.engine.runtime.NativeHeap;
import dev.selfmoe.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batched log-likelihood of continuations given contexts. Tokenizes as the standard evaluation harness does (context
 * whitespace moved onto the continuation, the pair encoded whole, the continuation's tokens being those past the
 * context's own encoding) and runs one forward pass per batch of right-padded sequences.
 *
 * <p>A request's last token is never an input, so requests whose tokens agree up to their last one share a single
 * pass over those tokens: the answer letters of a multiple-choice item (" A" .. " D") cost one pass over the prompt,
 * not four.
 */
public final class Scorer {
  private static final int DEFAULT_TOKEN_BUDGET = 4096;

  private final LanguageModel model;
  private final Transformer transformer;
  private final int tokenBudget;
  private final boolean shareInputs;

  public Scorer(LanguageModel model) {
    this(model, DEFAULT_TOKEN_BUDGET);
  }

  /** @param tokenBudget most padded tokens per forward pass; bounds memory */
  public Scorer(LanguageModel model, int tokenBudget) {
    this(model, tokenBudget, true);
  }

  /** @param shareInputs false gives every request a pass of its own, the reference the shared passes must equal */
  Scorer(LanguageModel model, int tokenBudget, boolean shareInputs) {
    this.model = model;
    this.transformer = model.transformer();
    this.tokenBudget = tokenBudget;
    this.shareInputs = shareInputs;
  }

  public List<LogLikelihood> score(List<ScoreRequest> requests) {
    Ops.stopRecordingGradients();
    NativeHeap.mapLargeBuffers();
    Map<Input, List<Encoded>> byInput = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Encoded e = encode(i, requests.get(i));
      Input input = new Input(Arrays.copyOf(e.ids, e.ids.length - 1), shareInputs ? -1 : i);
      byInput.computeIfAbsent(input, k -> new ArrayList<>()).add(e);
    }
    // Longest first, so each batch pads little and the first batch shows the peak memory.
    List<Input> order = new ArrayList<>(byInput.keySet());
    order.sort(Comparator.comparingInt((Input in) -> in.tokens.length).reversed());
    LogLikelihood[] results = new LogLikelihood[requests.size()];
    int start = 0;
    while (start < order.size()) {
      int width = order.get(start).tokens.length;
      int rows = Math.max(1, Math.min(order.size() - start, tokenBudget / width));
      scoreBatch(order.subList(start, start + rows), byInput, width, results);
      start += rows;
    }
    return Arrays.asList(results);
  }

  private record Encoded(int index, int[] ids, int continuationTokens) {}

  /** The tokens a forward pass reads; {@code owner} is -1 when requests may share it, else the one request's index. */
  private record Input(int[] tokens, int owner) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Input in && owner == in.owner && Arrays.equals(tokens, in.tokens);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(tokens) + owner;
    }
  }

  private Encoded encode(int index, ScoreRequest r) {
    String context = r.context();
    String continuation = r.continuation();
    int trimmed = context.length();
    while (trimmed > 0 && Character.isWhitespace(context.charAt(trimmed - 1))) {
      trimmed--;
    }
    continuation = context.substring(trimmed) + continuation;
    context = context.substring(0, trimmed);
    Tokenizer tok = model.tokenizer();
    int[] whole = tok.encode(context + continuation);
    int[] contextIds = tok.encode(context);
    int contLen = whole.length - contextIds.length;
    if (contLen <= 0) {
      throw new EngineException("continuation " + quote(r.continuation()) + " encodes to no tokens after its context");
    }
    int prefix = tok.bosId() >= 0 && (tok.addBos() || contextIds.length == 0) ? tok.bosId() : -1;
    if (prefix < 0 && contextIds.length == 0) {
      prefix = tok.eosIds().stream().findFirst().orElseThrow(() -> new EngineException(
          "empty context: " + model.source() + " has neither BOS nor EOS to condition on"));
    }
    // As the harness: the context's own encoding, then the whole encoding's tokens past the context's length. This
    // differs from conditioning on the whole encoding only where the tokenizer merges across the boundary.
    int offset = prefix >= 0 ? 1 : 0;
    int[] ids = new int[offset + contextIds.length + contLen];
    if (prefix >= 0) {
      ids[0] = prefix;
    }
    System.arraycopy(contextIds, 0, ids, offset, contextIds.length);
    System.arraycopy(whole, contextIds.length, ids, offset + contextIds.length, contLen);
    int max = model.maxPositions();
    // The last token is never an input, so max + 1 tokens fill the window, as the harness's [-(max_length + 1):].
    if (ids.length > max + 1) {
      if (contLen > max) {
        throw new EngineException("continuation of " + contLen + " tokens does not fit in " + max + " positions");
      }
      ids = Arrays.copyOfRange(ids, ids.length - max - 1, ids.length); // keep the end, as the harness does
    }
    return new Encoded(index, ids, contLen);
  }

  private void scoreBatch(List<Input> batch, Map<Input, List<Encoded>> requests, int width,
      LogLikelihood[] results) {
    int b = batch.size();
    long[] ids = new long[b * width];
    long[] positions = new long[b * width];
    boolean[][] valid = new boolean[b][width];
    List<Encoded> scored = new ArrayList<>();
    batch.forEach(in -> scored.addAll(requests.get(in)));
    int targets = scored.stream().mapToInt(Encoded::continuationTokens).sum();
    long[] rowsToScore = new long[targets];
    long[] targetIds = new long[targets];
    int t = 0;
    for (int r = 0; r < b; r++) {
      int[] seq = batch.get(r).tokens;
      for (int j = 0; j < width; j++) {
        positions[r * width + j] = j;
        if (j < seq.length) {
          ids[r * width + j] = seq[j];
          valid[r][j] = true;
        }
      }
      for (Encoded e : requests.get(batch.get(r))) {
        for (int j = e.ids.length - e.continuationTokens; j < e.ids.length; j++) {
          rowsToScore[t] = (long) r * width + j - 1; // the position that predicts token j
          targetIds[t++] = e.ids[j];
        }
      }
    }
    try (NDManager step = model.manager().newSubManager()) {
      NDArray hidden =
          transformer.forward(
              step.create(ids, new Shape(b, width)),
              step.create(positions, new Shape(b, width)),
              AttentionMask.causal(step, valid, 0, width),
              null);
      NDArray selected = Ops.embedding(step.create(rowsToScore), hidden.reshape((long) b * width, -1)); // [N, H]
      NDArray logProbs = transformer.logits(selected).logSoftmax(-1); // [N, V]
      NDArray targetArray = step.create(targetIds).expandDims(1);
      float[] chosen = logProbs.gather(targetArray, 1).toFloatArray();
      long[] best = logProbs.argMax(-1).toLongArray();
      t = 0;
      for (Encoded e : scored) {
        double sum = 0;
        boolean greedy = true;
        for (int k = 0; k < e.continuationTokens; k++, t++) {
          sum += chosen[t];
          greedy &= best[t] == targetIds[t];
        }
        results[e.index] = new LogLikelihood(sum, greedy, e.continuationTokens);
      }
    }
    NativeHeap.trimAfter(b, width, Math.max(transformer.config().intermediateSize(),
        (long) transformer.config().heads() * width));
  }

  private static String quote(String s) {
    return '"' + s.replace("\n", "\\n") + '"';
  }
}
