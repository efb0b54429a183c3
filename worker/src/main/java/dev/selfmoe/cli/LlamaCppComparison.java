package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.bench.InferenceBenchmark;
import dev.selfmoe.engine.model.LanguageModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * selfmoe's prefill and decode against llama.cpp's on the same GGUF file, measured alternately in rounds (the two
 * vCPUs' speed drifts over minutes, so each round puts both side by side) and reported as ratios of the best of each.
 * Shapes: prefill of one 256-token prompt (llama-bench pp256); greedy decode of 1, 8 and 32 rows after a 32-token
 * prompt, 64 steps (llama-batched-bench's S_TG at -npp 32 -ntg 64).
 */
final class LlamaCppComparison {
  static final int PROMPT = 256;
  static final int DECODE_PROMPT = 32;
  static final int DECODE_STEPS = 64;
  static final int[] BATCHES = {1, 8, 32};
  /** The ratios to reach, by measure: prefill and batched decode at par, one row at 70%. */
  static final Map<String, Double> TARGETS = Map.of("prefill_pp256", 1.0, "decode_batch_1", 0.7,
      "decode_batch_8", 1.0, "decode_batch_32", 1.0);

  private final Path bin;
  private final int threads;
  private final PrintStream log;
  private final ObjectMapper json = new ObjectMapper();

  LlamaCppComparison(Path bin, int threads, PrintStream log) {
    this.bin = bin;
    this.threads = threads;
    this.log = log;
  }

  /** Runs {@code rounds} rounds on {@code lm}, whose source must be the GGUF file llama.cpp reads too. */
  ObjectNode compare(LanguageModel lm, int rounds) {
    Path gguf = lm.source();
    if (!gguf.toString().endsWith(".gguf") || !Files.isRegularFile(gguf)) {
      throw new UserInputException("--against-llamacpp needs a .gguf model file (llama.cpp reads GGUF only), not "
          + gguf);
    }
    Map<String, Double> ours = new LinkedHashMap<>();
    Map<String, Double> theirs = new LinkedHashMap<>();
    ObjectNode info = json.createObjectNode();
    InferenceBenchmark bench = new InferenceBenchmark(lm, msg -> log.println("bench: selfmoe " + msg));
    for (int round = 1; round <= rounds; round++) {
      log.println("bench: round " + round + " of " + rounds + ": llama.cpp");
      best(theirs, llamaCpp(gguf, info));
      log.println("bench: round " + round + " of " + rounds + ": selfmoe");
      Map<String, Double> measured = new LinkedHashMap<>();
      measured.put("prefill_pp256", bench.prefillTokensPerSecond(1, PROMPT));
      for (int b : BATCHES) {
        measured.put("decode_batch_" + b, bench.decodeTokensPerSecond(b, DECODE_PROMPT, DECODE_STEPS));
      }
      best(ours, measured);
    }
    ObjectNode out = json.createObjectNode();
    out.put("rounds", rounds);
    out.put("threads", threads);
    out.set("llamacpp", info);
    for (String measure : ours.keySet()) {
      double ratio = ours.get(measure) / theirs.get(measure);
      out.putObject(measure)
          .put("selfmoe_tokens_per_second", round(ours.get(measure)))
          .put("llamacpp_tokens_per_second", round(theirs.get(measure)))
          .put("ratio", round(ratio))
          .put("target", TARGETS.get(measure))
          .put("met", ratio >= TARGETS.get(measure));
    }
    return out;
  }

  private static void best(Map<String, Double> into, Map<String, Double> measured) {
    measured.forEach((k, v) -> into.merge(k, v, Math::max));
  }

  private Map<String, Double> llamaCpp(Path gguf, ObjectNode info) {
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode pp = parse(run(List.of(bin.resolve("llama-bench").toString(), "-m", gguf.toString(), "-t",
        String.valueOf(threads), "-p", String.valueOf(PROMPT), "-n", "0", "-r", "3", "-o", "json")));
    for (JsonNode row : pp) {
      if (row.path("n_prompt").asInt() == PROMPT && row.path("n_gen").asInt() == 0) {
        out.put("prefill_pp256", row.path("avg_ts").asDouble());
        info.put("build_commit", row.path("build_commit").asText());
        info.put("cpu_info", row.path("cpu_info").asText());
        info.put("backends", row.path("backends").asText());
        info.put("model_type", row.path("model_type").asText());
      }
    }
    List<String> batched = new ArrayList<>(List.of(bin.resolve("llama-batched-bench").toString(), "-m",
        gguf.toString(), "-t", String.valueOf(threads), "-tb", String.valueOf(threads), "-c",
        String.valueOf(BATCHES[BATCHES.length - 1] * (DECODE_PROMPT + DECODE_STEPS)), "-b", "2048", "-ub", "512",
        "-npp", String.valueOf(DECODE_PROMPT), "-ntg", String.valueOf(DECODE_STEPS), "-npl", batchList(),
        "--output-format", "jsonl"));
    for (String line : run(batched).split("\n")) {
      if (line.startsWith("{")) {
        JsonNode row = parse(line);
        out.put("decode_batch_" + row.path("pl").asInt(), row.path("speed_tg").asDouble());
      }
    }
    for (String measure : TARGETS.keySet()) {
      if (!out.containsKey(measure)) {
        throw new UserInputException("llama.cpp printed no figure for " + measure);
      }
    }
    return out;
  }

  private static String batchList() {
    StringBuilder s = new StringBuilder();
    for (int b : BATCHES) {
      s.append(s.isEmpty() ? "" : ",").append(b);
    }
    return s.toString();
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UserInputException("llama.cpp printed something other than JSON: " + e.getMessage());
    }
  }

  private static String run(List<String> command) {
    try {
      Path err = Files.createTempFile("selfmoe-llamacpp", ".log");
      try {
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          List<String> lines = Files.readAllLines(err);
          throw new UserInputException(Path.of(command.get(0)).getFileName() + " failed: "
              + (lines.isEmpty() ? "exit " + p.exitValue() : lines.get(lines.size() - 1)));
        }
        return out;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UserInputException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserInputException("interrupted");
    }
  }

  /** The llama.cpp tools' directory: {@code explicit}, else built once by the project's scripts/install-llamacpp.sh. */
  static Path locate(Path explicit, PrintStream log) {
    if (explicit != null) {
      if (!Files.isExecutable(explicit.resolve("llama-bench"))
          || !Files.isExecutable(explicit.resolve("llama-batched-bench"))) {
        throw new UserInputException("--llamacpp-bin " + explicit + " has no llama-bench and llama-batched-bench");
      }
      return explicit;
    }
    String project = System.getProperty("selfmoe.project");
    if (project == null) {
      throw new UserInputException("no llama.cpp tools: pass --llamacpp-bin DIR (built by scripts/install-llamacpp.sh)");
    }
    Path script = Path.of(project, "scripts", "install-llamacpp.sh");
    try {
      Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0 || dir.isEmpty()) {
        throw new UserInputException(script + " failed (its output is above)");
      }
      return Path.of(dir);
    } catch (IOException e) {
      throw new UserInputException("cannot run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserInputException("interrupted");
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
