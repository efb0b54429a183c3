package dev.selfmoe.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.model.ModelConfig;
import dev.selfmoe.engine.model.Transformer;
import dev.selfmoe.engine.runtime.NativeHeap;
import dev.selfmoe.engine.runtime.ProcessMemory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Prefill and decode throughput of a loaded model, next to the machine's GEMM ceiling measured in the same run. */
public final class InferenceBenchmark {
  /** What to measure; the defaults are the reference shapes. */
  public record Options(
      int prefillBatch, int prefillLength, int[] decodeBatches, int decodePrompt, int decodeSteps, int leakSteps) {
    public static Options defaults() {
      return new Options(8, 256, new int[] {1, 8, 32}, 32, 64, 1000);
    }
  }

  public record Result(
      double prefillTokensPerSecond,
      double prefillGflops,
      Map<Integer, Double> decodeTokensPerSecond,
      long rssAfterWarmupBytes,
      long rssAfterLeakStepsBytes,
      int leakSteps) {}

  private final LanguageModel model;
  private final Consumer<String> log;

  public InferenceBenchmark(LanguageModel model, Consumer<String> log) {
    this.model = model;
    // each phase's line says where resident memory stood as it began, so a peak can be placed
    this.log = phase -> log.accept(phase + " (resident " + ProcessMemory.residentBytes() / (1 << 20) + " MiB, peak "
        + ProcessMemory.peakResidentBytes() / (1 << 20) + " MiB)");
  }

  public Result run(Options o) {
    Transformer t = model.transformer();
    log.accept("prefill " + o.prefillBatch() + "x" + o.prefillLength());
    double prefillTokensPerSecond = prefillTokensPerSecond(o.prefillBatch(), o.prefillLength());
    double prefillGflops = prefillFlops(t.config(), o.prefillBatch(), o.prefillLength()) * prefillTokensPerSecond
        / o.prefillBatch() / o.prefillLength() / 1e9;
    Map<Integer, Double> decode = new LinkedHashMap<>();
    for (int b : o.decodeBatches()) {
      log.accept("decode batch " + b);
      decode.put(b, decodeTokensPerSecond(b, o.decodePrompt(), o.decodeSteps()));
    }
    if (o.leakSteps() == 0) {
      return new Result(prefillTokensPerSecond, prefillGflops, decode, -1, -1, 0);
    }
    log.accept("native memory over " + o.leakSteps() + " decode steps");
    long before;
    long after;
    try (DecodeLoop loop = new DecodeLoop(t, model.int8Decoder().orElse(null), model.manager(), 1, o.decodePrompt(),
        o.leakSteps(), 11)) {
      int warm = Math.min(100, o.leakSteps() / 10);
      for (int i = 0; i < warm; i++) {
        loop.step();
      }
      System.gc();
      before = ProcessMemory.residentBytes();
      for (int i = warm; i < o.leakSteps() - 1; i++) {
        loop.step();
      }
      System.gc();
      after = ProcessMemory.residentBytes();
    }
    return new Result(prefillTokensPerSecond, prefillGflops, decode, before, after, o.leakSteps());
  }

  /** Prompt tokens per second of a {@code batch × length} prefill (last position's logits), median of three. */
  public double prefillTokensPerSecond(int batch, int length) {
    return (double) batch * length / median(3, () -> prefill(model.transformer(), batch, length));
  }

  /**
   * New tokens per second of greedy decoding of {@code batch} rows after a {@code prompt}-token prefill, over
   * {@code steps} steps after four warm-up steps: the generator's own path (Java int8 or torch).
   */
  public double decodeTokensPerSecond(int batch, int prompt, int steps) {
    try (DecodeLoop loop = new DecodeLoop(model.transformer(), model.int8Decoder().orElse(null), model.manager(),
        batch, prompt, steps + 4, 7)) {
      for (int i = 0; i < 4; i++) {
        loop.step();
      }
      long start = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        loop.step();
      }
      return (double) batch * steps / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Multiply-adds of the projections, attention over the full square, and the last position's LM head. */
  static double prefillFlops(ModelConfig c, int batch, int length) {
    double perTokenProjections =
        (double) c.hiddenSize() * (c.qDim() + 2L * c.kvDim()) // q, k, v
            + (double) c.qDim() * c.hiddenSize() // o
            + 3.0 * c.hiddenSize() * c.intermediateSize(); // gate, up, down
    double perTokenAttention = 2.0 * length * c.qDim(); // QK^T and PV
    double perLayer = 2 * (perTokenProjections + perTokenAttention) * batch * length;
    return perLayer * c.layers() + 2.0 * c.hiddenSize() * c.vocabSize() * batch;
  }

  private double prefill(Transformer t, int batch, int length) {
    long[] ids = RandomTokens.ids(batch * length, t.config().vocabSize(), 3);
    long[] positions = new long[batch * length];
    float[] mask = new float[batch * length * length];
    for (int r = 0; r < batch; r++) {
      for (int i = 0; i < length; i++) {
        positions[r * length + i] = i;
        Arrays.fill(mask, (r * length + i) * length + i + 1, (r * length + i + 1) * length, -1e9f);
      }
    }
    try (NDManager step = model.manager().newSubManager()) {
      NDArray idArray = step.create(ids, new Shape(batch, length));
      NDArray posArray = step.create(positions, new Shape(batch, length));
      NDArray maskArray = step.create(mask, new Shape(batch, 1, 1, length, length));
      long start = System.nanoTime();
      NDArray hidden = t.forward(idArray, posArray, maskArray, null);
      t.logits(hidden.get(":, -1, :")).toFloatArray();
      return (System.nanoTime() - start) / 1e9;
    } finally {
      NativeHeap.trimAfter(batch, length, Math.max(t.config().intermediateSize(), (long) t.config().heads() * length));
    }
  }

  private static double median(int runs, java.util.function.DoubleSupplier timed) {
    timed.getAsDouble(); // warm-up
    double[] s = new double[runs];
    for (int i = 0; i < runs; i++) {
      s[i] = timed.getAsDouble();
    }
    Arrays.sort(s);
    return s[runs / 2];
  }
}
