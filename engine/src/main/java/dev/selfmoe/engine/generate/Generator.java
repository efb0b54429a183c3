package dev.selfmoe.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.decode.DecodeCache;
import dev.selfmoe.engine.decode.Int8Decoder;
import dev.selfmoe.engine.generate.Completion.FinishReason;
import dev.selfmoe.engine.model.KvCache;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.Ops;
import dev.selfmoe.engine.model.Transformer;
import dev.selfmoe.engine.runtime.NativeHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Batched KV-cache decoding. Prompts of different lengths are left-padded so every row writes the same cache slot
 * each step; padding keys are masked and each row's RoPE positions start at its first real token, so a prompt gets
 * the same continuation alone or in a batch. Rows that finish leave the batch once enough of them have.
 */
public final class Generator {
  private static final int PAD_ID = 0;
  /** Prompt tokens (rows × positions) per prefill pass by default. */
  static final int PREFILL_TOKENS = 1024;
  /**
   * Default bytes of float32 KV cache one pass of rows may fill ({@code -Dselfmoe.generation.kvMiB} overrides):
   * eight few-shot BBH prompts on SmolLM2 would need 720 MB in the Java cache plus 630 MB in torch's during prefill.
   */
  static final long KV_BUDGET_BYTES = Long.getLong("selfmoe.generation.kvMiB", 384) << 20;
  /**
   * Most bytes of torch KV cache a prefill holds besides the Java cache. A batch that decodes in Java is prefilled
   * in groups of rows this small (a few-shot BBH prompt on SmolLM2 fills some 45 MB), straight into the Java cache;
   * one that starts on torch and is at least this large first drops the Java KV arrays held from the last pass, as
   * they are only needed again once its rows have shrunk to the Java step's size.
   */
  static final long PREFILL_GROUP_BYTES = 64L << 20;

  private final LanguageModel model;
  private final Transformer transformer;

  private final int prefillTokens;
  private final long kvBudgetBytes;
  private final long prefillGroupBytes;
  private long largestTorchKvBytes;

  public Generator(LanguageModel model) {
    this(model, PREFILL_TOKENS, KV_BUDGET_BYTES);
  }

  Generator(LanguageModel model, int prefillTokens, long kvBudgetBytes) {
    this(model, prefillTokens, kvBudgetBytes, PREFILL_GROUP_BYTES);
  }

  /**
   * @param prefillTokens most prompt tokens (rows × positions) a prefill pass takes at once
   * @param kvBudgetBytes the prompts of one call run in consecutive passes of rows whose KV cache (prompt plus new
   *     tokens, float32) fits in this; a single row always runs
   * @param prefillGroupBytes see {@link #PREFILL_GROUP_BYTES}
   */
  Generator(LanguageModel model, int prefillTokens, long kvBudgetBytes, long prefillGroupBytes) {
    this.model = model;
    this.transformer = model.transformer();
    this.prefillTokens = prefillTokens;
    this.kvBudgetBytes = kvBudgetBytes;
    this.prefillGroupBytes = prefillGroupBytes;
  }

  /** Encodes each prompt (with BOS when the model wants it) and generates. */
  public List<Completion> generateText(List<String> prompts, GenerationConfig config) {
    return generate(prompts.stream().map(model::promptIds).toList(), config);
  }

  /** Generates a continuation for each prompt of token ids; results are in prompt order. */
  public List<Completion> generate(List<int[]> prompts, GenerationConfig config) {
    if (prompts.isEmpty()) {
      return List.of();
    }
    Ops.stopRecordingGradients();
    NativeHeap.mapLargeBuffers();
    int longest = 0;
    for (int[] p : prompts) {
      if (p.length == 0) {
        throw new EngineException("empty prompt: " + model.source() + " has no BOS token to start from");
      }
      longest = Math.max(longest, p.length);
    }
    if (longest + config.maxNewTokens() > model.maxPositions()) {
      throw new EngineException("a prompt of " + longest + " tokens plus " + config.maxNewTokens()
          + " new tokens exceeds the model's " + model.maxPositions() + " positions");
    }
    List<Completion> out = new ArrayList<>(prompts.size());
    for (int from = 0, to; from < prompts.size(); from = to) {
      to = runEnd(prompts, from, config.maxNewTokens(), kvBudgetBytes);
      out.addAll(generatePass(prompts, from, to, config));
    }
    NativeHeap.trim(); // a generation lasts long enough that handing back its intermediates costs nothing
    return out;
  }

  private long kvBytesPerToken() {
    ModelConfig c = model.config();
    return 2L * c.layers() * c.kvDim() * Float.BYTES;
  }

  /**
   * The end of the run of prompts from {@code from} whose KV cache, each row as long as the longest plus {@code
   * extra} positions, stays within {@code budget} bytes; a run holds at least one prompt.
   */
  private int runEnd(List<int[]> prompts, int from, int extra, long budget) {
    long bytesPerToken = kvBytesPerToken();
    int longest = prompts.get(from).length;
    int to = from + 1;
    while (to < prompts.size()) {
      int widest = Math.max(longest, prompts.get(to).length);
      if ((long) (to - from + 1) * (widest + extra) * bytesPerToken > budget) {
        break;
      }
      longest = widest;
      to++;
    }
    return to;
  }

  /** Prompts {@code from} (inclusive) to {@code to} as one batch; rows keep their index in the whole call. */
  private List<Completion> generatePass(List<int[]> prompts, int from, int to, GenerationConfig config) {
    int longest = 0;
    for (int i = from; i < to; i++) {
      longest = Math.max(longest, prompts.get(i).length);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(new Row(i, prompts.get(i), config, longest - prompts.get(i).length));
    }
    if (config.maxNewTokens() == 0) {
      rows.forEach(r -> r.finish(FinishReason.LENGTH, model));
      return rows.stream().map(Row::completion).toList();
    }
    Sampler sampler = config.greedy() ? null : new Sampler(config.temperature(), config.topP());
    // Steps go to Java once the batch is small enough for that to pay; a fixed adapter is folded into the Java
    // decoder's weights and a mixture's router runs there too.
    Int8Decoder int8 = model.int8Decoder(transformer.adapter()).orElse(null);
    int capacity = longest + config.maxNewTokens();
    if (int8 != null && rows.size() <= Int8Decoder.maxRows()) {
      int8.reserveKv(kvBudgetBytes);
      int[] pads = rows.stream().mapToInt(r -> r.pad).toArray();
      DecodeCache javaCache = int8.cacheForPrompts(pads, longest, capacity);
      try {
        long[] next = prefillInGroups(rows, longest, javaCache, sampler);
        decode(rows, config, sampler, next, null, null, int8, javaCache, capacity);
      } finally {
        javaCache.close();
      }
    } else {
      if (int8 != null && (long) rows.size() * capacity * kvBytesPerToken() >= prefillGroupBytes) {
        int8.releaseReusableKv();
      }
      try (NDManager root = model.manager().newSubManager();
          KvCache cache = newTorchCache(rows.size(), capacity, root)) {
        long[] next = prefill(rows, longest, cache, root, sampler);
        decode(rows, config, sampler, next, cache, root, int8, null, capacity);
      }
    }
    return rows.stream().map(Row::completion).toList();
  }

  /**
   * Prefills the rows of a batch that decodes in Java in consecutive groups whose torch cache stays within
   * the group budget, moving each group into {@code javaCache} (which already has the whole batch's room)
   * as soon as it is done. Returns each row's first new token.
   */
  private long[] prefillInGroups(List<Row> rows, int longest, DecodeCache javaCache, Sampler sampler) {
    List<int[]> prompts = rows.stream().map(r -> r.prompt).toList();
    long[] next = new long[rows.size()];
    for (int from = 0, to; from < rows.size(); from = to) {
      to = runEnd(prompts, from, 0, prefillGroupBytes);
      int widest = 0;
      for (int i = from; i < to; i++) {
        widest = Math.max(widest, prompts.get(i).length);
      }
      List<Row> group = rows.subList(from, to);
      try (NDManager root = model.manager().newSubManager();
          KvCache cache = newTorchCache(group.size(), widest, root)) {
        long[] first = prefill(group, widest, cache, root, sampler);
        javaCache.moveRows(cache, from, longest - widest);
        System.arraycopy(first, 0, next, from, first.length);
      }
    }
    return next;
  }

  private KvCache newTorchCache(int rows, int capacity, NDManager root) {
    largestTorchKvBytes = Math.max(largestTorchKvBytes, (long) rows * capacity * kvBytesPerToken());
    return new KvCache(model.config(), rows, capacity, root);
  }

  /** The largest torch KV cache this generator has made, in bytes: what a prefill held besides the Java cache. */
  long largestTorchKvBytes() {
    return largestTorchKvBytes;
  }

  /**
   * Decodes from each row's first new token {@code next}: on torch's {@code cache} until the batch is small enough
   * for the Java step, or from the start in {@code javaCache} when that is given.
   */
  private void decode(List<Row> rows, GenerationConfig config, Sampler sampler, long[] next, KvCache cache,
      NDManager root, Int8Decoder int8, DecodeCache javaCache, int capacity) {
    Set<Integer> eos = model.tokenizer().eosIds();
    List<Row> batch = new ArrayList<>(rows); // cache row i holds batch.get(i)
    try {
      while (true) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).accept((int) next[i], eos, config, model);
        }
        long running = batch.stream().filter(r -> !r.done).count();
        if (running == 0) {
          return;
        }
        if (running <= batch.size() * 3 / 4) {
          long[] keep = new long[(int) running];
          List<Row> kept = new ArrayList<>();
          for (int i = 0, j = 0; i < batch.size(); i++) {
            if (!batch.get(i).done) {
              keep[j++] = i;
              kept.add(batch.get(i));
            }
          }
          if (javaCache != null) {
            javaCache.keepRows(keep);
          } else {
            cache.keepRows(keep);
          }
          batch = kept;
        }
        if (int8 != null && javaCache == null && batch.size() <= Int8Decoder.maxRows()) {
          int8.reserveKv(kvBudgetBytes);
          javaCache = int8.takeOver(cache, batch.stream().mapToInt(r -> r.pad).toArray(), capacity);
        }
        next = javaCache != null ? step(batch, int8, javaCache, sampler) : step(batch, cache, root, sampler);
      }
    } finally {
      if (javaCache != null) {
        javaCache.close();
      }
    }
  }

  /** Prefills {@code batch}, each row left-padded to {@code longest}; returns each row's first new token. */
  private long[] prefill(List<Row> batch, int longest, KvCache cache, NDManager root, Sampler sampler) {
    int b = batch.size();
    long[] ids = new long[b * longest];
    long[] positions = new long[b * longest];
    boolean[][] valid = new boolean[b][];
    for (int r = 0; r < b; r++) {
      Row row = batch.get(r);
      int pad = longest - row.prompt.length;
      valid[r] = new boolean[longest];
      for (int j = 0; j < longest; j++) {
        boolean real = j >= pad;
        valid[r][j] = real;
        ids[r * longest + j] = real ? row.prompt[j - pad] : PAD_ID;
        positions[r * longest + j] = real ? j - pad : 0;
      }
    }
    // Long prompts go through in chunks of queries: attention's intermediates grow with queries × keys, so a batch of
    // eight 1,500-token prompts would otherwise hold gigabytes of scores at once.
    int chunk = Math.max(1, prefillTokens / b);
    for (int from = 0; ; from += chunk) {
      int t = Math.min(chunk, longest - from);
      long[] chunkIds = new long[b * t];
      long[] chunkPositions = new long[b * t];
      for (int r = 0; r < b; r++) {
        System.arraycopy(ids, r * longest + from, chunkIds, r * t, t);
        System.arraycopy(positions, r * longest + from, chunkPositions, r * t, t);
      }
      try (NDManager step = root.newSubManager()) {
        NDArray hidden =
            transformer.forward(
                step.create(chunkIds, new Shape(b, t)),
                step.create(chunkPositions, new Shape(b, t)),
                AttentionMask.causal(step, valid, from, t),
                cache);
        if (from + t == longest) {
          return choose(transformer.logits(hidden.get(new NDIndex(":, -1, :"))), batch, sampler);
        }
      }
    }
  }

  private long[] step(List<Row> batch, KvCache cache, NDManager root, Sampler sampler) {
    int b = batch.size();
    int past = cache.length();
    long[] ids = new long[b];
    long[] positions = new long[b];
    boolean[][] valid = new boolean[b][];
    for (int r = 0; r < b; r++) {
      Row row = batch.get(r);
      ids[r] = row.done ? PAD_ID : row.last();
      positions[r] = past - row.pad;
      valid[r] = new boolean[past + 1];
      Arrays.fill(valid[r], row.pad, past + 1, true);
    }
    try (NDManager step = root.newSubManager()) {
      NDArray hidden =
          transformer.forward(
              step.create(ids, new Shape(b, 1)),
              step.create(positions, new Shape(b, 1)),
              AttentionMask.causal(step, valid, past, 1),
              cache);
      return choose(transformer.logits(hidden.reshape(b, -1)), batch, sampler);
    }
  }

  private long[] step(List<Row> batch, Int8Decoder int8, DecodeCache cache, Sampler sampler) {
    long[] ids = new long[batch.size()];
    for (int r = 0; r < ids.length; r++) {
      Row row = batch.get(r);
      ids[r] = row.done ? PAD_ID : row.last();
    }
    float[] logits = int8.step(cache, ids);
    int vocab = model.config().vocabSize();
    long[] next = new long[ids.length];
    for (int r = 0; r < ids.length; r++) {
      Row row = batch.get(r);
      next[r] = row.done ? PAD_ID
          : sampler == null ? ArgMax.of(logits, r * vocab, vocab)
          : sampler.sample(logits, r * vocab, vocab, row.random);
    }
    return next;
  }

  /** Next token per row from logits [B, V]. */
  private static long[] choose(NDArray logits, List<Row> batch, Sampler sampler) {
    if (sampler == null) {
      return logits.argMax(-1).toLongArray();
    }
    int vocab = (int) logits.getShape().get(1);
    float[] values = logits.toFloatArray();
    long[] next = new long[batch.size()];
    for (int r = 0; r < batch.size(); r++) {
      Row row = batch.get(r);
      next[r] = row.done ? PAD_ID : sampler.sample(values, r * vocab, vocab, row.random);
    }
    return next;
  }

  /** One prompt's progress. */
  private static final class Row {
    final int index;
    final int[] prompt;
    final int pad;
    final SplittableRandom random;
    int[] generated = new int[16];
    int count;
    boolean done;
    FinishReason reason;
    String text;
    private final int maxNew;
    private final List<String> stops;

    Row(int index, int[] prompt, GenerationConfig config, int pad) {
      this.index = index;
      this.prompt = prompt;
      this.pad = pad;
      this.random = Sampler.streamFor(config.seed(), index);
      this.maxNew = config.maxNewTokens();
      this.stops = config.stopStrings();
    }

    int last() {
      return generated[count - 1];
    }

    void accept(int token, Set<Integer> eos, GenerationConfig config, LanguageModel model) {
      if (done) {
        return;
      }
      if (eos.contains(token)) {
        finish(FinishReason.EOS, model);
        return;
      }
      if (count == generated.length) {
        generated = Arrays.copyOf(generated, count * 2);
      }
      generated[count++] = token;
      if (!stops.isEmpty()) {
        String decoded = model.tokenizer().decode(Arrays.copyOf(generated, count));
        int cut = -1;
        for (String s : stops) {
          int at = decoded.indexOf(s);
          if (at >= 0 && (cut < 0 || at < cut)) {
            cut = at;
          }
        }
        if (cut >= 0) {
          done = true;
          reason = FinishReason.STOP;
          text = decoded.substring(0, cut);
          return;
        }
      }
      if (count == maxNew) {
        finish(FinishReason.LENGTH, model);
      }
    }

    void finish(FinishReason why, LanguageModel model) {
      done = true;
      reason = why;
      text = model.tokenizer().decode(Arrays.copyOf(generated, count));
    }

    Completion completion() {
      return new Completion(text, Arrays.copyOf(generated, count), reason, prompt.length);
    }
  }
}
