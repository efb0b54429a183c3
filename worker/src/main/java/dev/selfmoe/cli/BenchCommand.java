package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.decode.Int8Decoder;
import dev.selfmoe.engine.decode.VectorSupport;
import dev.selfmoe.engine.bench.InferenceBenchmark;
import dev.selfmoe.engine.eval.BenchmarkRegistry;
import dev.selfmoe.engine.eval.EvalThroughput;
import dev.selfmoe.engine.eval.code.PythonSandbox;
import dev.selfmoe.engine.eval.code.SandboxThroughput;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.selfmoe.engine.bench.TrainingBenchmark;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.runtime.GemmCeiling;
import dev.selfmoe.engine.runtime.MemoryBandwidth;
import dev.selfmoe.engine.runtime.MklCpuPath;
import dev.selfmoe.engine.runtime.ProcessMemory;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Inference throughput next to the GEMM ceiling of the same run, as one JSON object on stdout. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure GEMM ceiling, prefill and decode throughput and memory; prints one JSON object.")
final class BenchCommand implements Callable<Integer> {
  private static final int CEILING_SIZE = 2048;

  @Spec CommandSpec spec;
  @Mixin ModelOption model;

  @Option(names = "--quick", description = "Small shapes and few steps: checks the benchmark runs, not the machine.")
  boolean quick;

  @Option(names = "--train", description = "Measure training (LoRA r8 and router steps at 4x256) instead of inference.")
  boolean train;

  @Option(names = "--eval", description = "Measure evaluation: MMLU scoring and GSM8K generation items/s, sandbox "
      + "programs/s.")
  boolean eval;

  @Option(names = "--orchestration", paramLabel = "SPEC.yaml", arity = "0..1", fallbackValue = "examples/smoke.yaml",
      description = "Measure orchestration overhead on an experiment run on a fresh home (default spec: "
          + "${FALLBACK-VALUE}) and PostgreSQL's routing-statistics write throughput.")
  Path orchestration;

  @Option(names = "--against-llamacpp", description = "Measure prefill (pp256) and decode at batch 1, 8 and 32 "
      + "against llama.cpp on the same GGUF, alternately, and print the ratios.")
  boolean againstLlamaCpp;

  @Option(names = "--llamacpp-bin", paramLabel = "DIR", description = "Directory with llama-bench and "
      + "llama-batched-bench (default: built once by scripts/install-llamacpp.sh).")
  Path llamaCppBin;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of the llama.cpp comparison (default: "
      + "${DEFAULT-VALUE}); the best figure of each side counts.")
  int rounds;

  @Mixin PlatformOptions platform;

  @Override
  public Integer call() throws Exception {
    if (orchestration != null) {
      ObjectNode root = new ObjectMapper().createObjectNode();
      OrchestrationBench.measure(orchestration, platform, spec.commandLine().getErr(), root);
      spec.commandLine().getOut().println(root.toPrettyString());
      return ExitCode.OK;
    }
    if (rounds < 1) {
      throw new UserInputException("--rounds must be at least 1, got " + rounds);
    }
    Path llamaCpp = againstLlamaCpp ? LlamaCppComparison.locate(llamaCppBin, System.err) : null;
    InferenceBenchmark.Options options =
        quick ? new InferenceBenchmark.Options(2, 32, new int[] {1, 4}, 8, 8, 50) : InferenceBenchmark.Options.defaults();
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    try (LanguageModel lm = model.load()) {
      root.put("model", lm.source().toString());
      root.put("mkl_path", MklCpuPath.status().path());
      root.put("mkl_detail", MklCpuPath.status().summary());
      int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
      root.put("threads", threads);
      root.put("vector_width", VectorSupport.describe());
      if (llamaCpp != null) {
        root.put("decode_weights", lm.decodeWeights().name().toLowerCase(java.util.Locale.ROOT));
        System.err.println("bench: GEMM ceiling " + CEILING_SIZE + "^3");
        root.put("gemm_ceiling_gflops", round(GemmCeiling.measure(lm.manager(), CEILING_SIZE, 7)));
        root.setAll(new LlamaCppComparison(llamaCpp, threads, System.err).compare(lm, rounds));
        root.put("peak_rss_mib", ProcessMemory.peakResidentBytes() / (1 << 20));
        spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return ExitCode.OK;
      }
      System.err.println("bench: GEMM ceiling " + CEILING_SIZE + "^3");
      int n = quick ? 256 : CEILING_SIZE;
      int reps = quick ? 2 : 7;
      // measured before and after, keeping the best: one disturbed measurement must not move every fraction
      double before = GemmCeiling.measure(lm.manager(), n, reps);
      ObjectNode measured = json.createObjectNode();
      if (eval) {
        evaluation(lm, measured);
      } else if (train) {
        training(lm, measured);
      } else {
        inference(lm, options, measured);
      }
      double ceiling = Math.max(before, GemmCeiling.measure(lm.manager(), n, reps));
      root.put("gemm_ceiling_gflops", round(ceiling));
      fractions(measured, ceiling);
      root.setAll(measured);
    }
    spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  /** Adds fraction_of_ceiling next to every "gflops" figure. */
  private static void fractions(ObjectNode measured, double ceiling) {
    measured.properties().forEach(e -> {
      if (e.getValue() instanceof ObjectNode section && section.has("gflops")) {
        section.put("fraction_of_ceiling", round(section.get("gflops").asDouble() / ceiling));
      }
    });
  }

  private void evaluation(LanguageModel lm, ObjectNode root) {
    if (!Files.isDirectory(platform.data)) {
      throw new UserInputException("benchmark data not found at " + platform.data.toAbsolutePath() + " (pass --data DIR)");
    }
    System.err.println("bench: MMLU scoring and GSM8K generation");
    EvalThroughput.Result r = EvalThroughput.measure(lm, new BenchmarkRegistry(platform.data), quick ? 8 : 64,
        quick ? 2 : 16, quick ? 16 : 256, 8);
    root.putObject("mmlu_scoring").put("items", r.mmluItems()).put("items_per_second", round(r.mmluItemsPerSecond()));
    root.putObject("gsm8k_generation").put("items", r.gsm8kItems()).put("max_new_tokens", r.gsm8kMaxNewTokens())
        .put("items_per_second", round(r.gsm8kItemsPerSecond()));
    System.err.println("bench: sandbox");
    PythonSandbox sandbox = new PythonSandbox();
    root.putObject("sandbox").put("network_isolated", sandbox.networkIsolated())
        .put("programs_per_second", round(SandboxThroughput.programsPerSecond(sandbox, quick ? 8 : 64, 2)));
  }

  private void training(LanguageModel lm, ObjectNode root) {
    int batch = quick ? 2 : 4;
    int length = quick ? 32 : 256;
    TrainingBenchmark.Result r = new TrainingBenchmark(lm, msg -> System.err.println("bench: " + msg))
        .run(batch, length, quick ? 2 : 3);
    long params = lm.transformer().parameterCount();
    ObjectNode lora = root.putObject("lora_training");
    lora.put("batch", batch).put("length", length);
    lora.put("step_seconds", round(r.loraStepSeconds()));
    lora.put("tokens_per_second", round(r.loraTokensPerSecond()));
    lora.put("gflops", round(6.0 * params * r.loraTokensPerSecond() / 1e9)); // the 6·N·tokens/s convention
    ObjectNode router = root.putObject("router_training");
    router.put("experts", 4).put("step_seconds", round(r.routerStepSeconds()));
    router.put("tokens_per_second", round(r.routerTokensPerSecond()));
    root.putObject("memory").put("peak_rss_mib", ProcessMemory.peakResidentBytes() / (1 << 20));
  }

  private void inference(LanguageModel lm, InferenceBenchmark.Options options, ObjectNode root) {
    InferenceBenchmark.Result r = new InferenceBenchmark(lm, msg -> System.err.println("bench: " + msg)).run(options);
    ObjectNode prefill = root.putObject("prefill");
    prefill.put("batch", options.prefillBatch());
    prefill.put("length", options.prefillLength());
    prefill.put("tokens_per_second", round(r.prefillTokensPerSecond()));
    prefill.put("gflops", round(r.prefillGflops()));
    root.put("decode_weights", lm.decodeWeights().name().toLowerCase(java.util.Locale.ROOT));
    lm.int8Decoder().ifPresent(d -> root.put("decode_int8_max_batch", Int8Decoder.maxRows())
        .put("decode_int8_weight_bytes", d.bytes()));
    ObjectNode decode = root.putObject("decode_tokens_per_second");
    for (Map.Entry<Integer, Double> e : r.decodeTokensPerSecond().entrySet()) {
      decode.put("batch_" + e.getKey(), round(e.getValue()));
    }
    long peakRss = ProcessMemory.peakResidentBytes();
    double bandwidth = MemoryBandwidth.measure(lm.manager(), quick ? 16 : 512, quick ? 2 : 5);
    long weightBytes = 4L * lm.transformer().parameterCount();
    ObjectNode bound = root.putObject("decode_memory_bound");
    bound.put("stream_gb_per_second", round(bandwidth));
    bound.put("weight_bytes_per_step", weightBytes);
    bound.put("max_steps_per_second", round(bandwidth * 1e9 / weightBytes));
    ObjectNode memory = root.putObject("memory");
    memory.put("peak_rss_mib", peakRss / (1 << 20));
    memory.put("rss_after_warmup_mib", r.rssAfterWarmupBytes() / (1 << 20));
    memory.put("rss_after_decode_steps_mib", r.rssAfterLeakStepsBytes() / (1 << 20));
    memory.put("decode_steps", r.leakSteps());
    memory.put("growth_mib", (r.rssAfterLeakStepsBytes() - r.rssAfterWarmupBytes()) / (double) (1 << 20));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
