package dev.selfmoe.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.selfspec.Domain;
import dev.selfmoe.engine.selfspec.SeedSets;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selfmoe command line on real model files: what reaches stdout, stderr and the exit code. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Path stories() {
    return Path.of(System.getProperty("selfmoe.shared"), "models/stories260K/stories260K.gguf");
  }

  static Path smol() {
    return Path.of(System.getProperty("selfmoe.cache"), "models/SmolLM2-135M-Instruct.Q4_1.gguf");
  }

  @Test
  void uiOnATakenPortIsOneLineAndExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Run r = run("ui", "--port", Integer.toString(taken.getLocalPort()), "--home", temp.toString());
      assertEquals(ExitCode.FAILURE, r.exit(), r.err());
      assertTrue(r.err().startsWith("selfmoe: cannot serve the results site on 127.0.0.1:" + taken.getLocalPort()
          + ": the port is in use"), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
    Run bad = run("ui", "--port", "70000", "--home", temp.toString());
    assertEquals(ExitCode.FAILURE, bad.exit());
    assertEquals("selfmoe: --port must be between 0 and 65535, got 70000", bad.err().strip());
  }

  @Test
  void generateFromBosPrintsOnlyTheCompletion() {
    Run r = run("generate", "--model", stories().toString(), "--max-new-tokens", "64");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("Once upon a time, there was a little girl named Lily."), r.out());
  }

  @Test
  void chatGenerationAnswersTheQuestion() {
    Run r = run("generate", "--model", smol().toString(), "--chat", "--prompt", "What is the capital of France?",
        "--max-new-tokens", "48");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Paris"), r.out());
  }

  @Test
  void seededSamplingRepeats() {
    String[] args = {"generate", "--model", stories().toString(), "--prompt", "Once upon a time", "--temperature",
        "1.0", "--top-p", "0.9", "--seed", "7", "--max-new-tokens", "24"};
    Run a = run(args);
    Run b = run(args);
    assertEquals(0, a.exit(), a.err());
    assertEquals(a.out(), b.out());
  }

  @Test
  void scorePrintsJsonLogLikelihoods() throws Exception {
    Run r = run("score", "--model", smol().toString(), "--context", "The capital of France is",
        "--continuation", " Paris", "--continuation", " a banana");
    assertEquals(0, r.exit(), r.err());
    JsonNode rows = JSON.readTree(r.out()).get("continuations");
    assertEquals(2, rows.size());
    double paris = rows.get(0).get("logprob").asDouble();
    double banana = rows.get(1).get("logprob").asDouble();
    assertTrue(paris < 0 && banana < paris, r.out());
    assertTrue(rows.get(1).get("tokens").asInt() >= 2);
  }

  @Test
  void exportWritesAnHfDirectoryTheCliCanLoad() {
    Path out = temp.resolve("hf");
    Run export = run("export", "--model", stories().toString(), "--out", out.toString());
    assertEquals(0, export.exit(), export.err());
    Run fromGguf = run("generate", "--model", stories().toString(), "--prompt", "Lily", "--max-new-tokens", "20");
    Run fromHf = run("generate", "--model", out.toString(), "--prompt", "Lily", "--max-new-tokens", "20");
    assertEquals(0, fromHf.exit(), fromHf.err());
    assertEquals(fromGguf.out(), fromHf.out());
  }

  @Test
  void badModelFilesGiveOneLineErrors() throws Exception {
    Path missing = temp.resolve("missing.gguf");
    Path truncated = temp.resolve("truncated.gguf");
    Files.write(truncated, Arrays.copyOf(Files.readAllBytes(stories()), 4000));
    Path corrupt = temp.resolve("corrupt.gguf");
    Files.writeString(corrupt, "definitely not a model file".repeat(10));
    for (Path p : new Path[] {missing, truncated, corrupt}) {
      Run r = run("generate", "--model", p.toString(), "--prompt", "hi");
      assertEquals(ExitCode.FAILURE, r.exit(), p.toString());
      assertEquals("", r.out());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("selfmoe: ") && r.err().contains(p.toString()), r.err());
    }
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(ExitCode.USAGE, run("generate", "--no-such-flag").exit());
    assertEquals(ExitCode.USAGE, run("generate", "--max-new-tokens", "many").exit());
    Run temperature = run("generate", "--model", stories().toString(), "--temperature", "-1");
    assertEquals(ExitCode.FAILURE, temperature.exit());
    assertTrue(temperature.err().contains("temperature"), temperature.err());
    Run chat = run("generate", "--model", stories().toString(), "--chat", "--prompt", "hi");
    assertEquals(ExitCode.FAILURE, chat.exit());
    assertTrue(chat.err().contains("no chat template"), chat.err());
  }

  @Test
  void quickBenchPrintsOneJsonObject() throws Exception {
    Run r = run("bench", "--model", stories().toString(), "--quick");
    assertEquals(0, r.exit(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertTrue(root.get("gemm_ceiling_gflops").asDouble() > 0);
    assertTrue(root.get("prefill").get("tokens_per_second").asDouble() > 0);
    assertTrue(root.get("decode_tokens_per_second").get("batch_1").asDouble() > 0);
    assertTrue(root.get("memory").get("peak_rss_mib").asLong() > 0);
    assertTrue(root.get("mkl_path").asText().matches("override|stock"));
  }

  @Test
  void theLlamaCppComparisonNamesAMissingToolDirectoryAFailingToolAndBadRounds() throws Exception {
    Run missing = run("bench", "--model", stories().toString(), "--against-llamacpp", "--llamacpp-bin",
        temp.resolve("nowhere").toString());
    assertEquals(ExitCode.FAILURE, missing.exit());
    assertTrue(missing.err().contains("--llamacpp-bin") && missing.err().contains("llama-bench"), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    // real programs that fail in place of llama.cpp's tools: the failure is one line naming the tool
    Path failing = Files.createDirectories(temp.resolve("failing-tools"));
    Files.createSymbolicLink(failing.resolve("llama-bench"), Path.of("/bin/false"));
    Files.createSymbolicLink(failing.resolve("llama-batched-bench"), Path.of("/bin/false"));
    Run broken = run("bench", "--model", stories().toString(), "--against-llamacpp", "--llamacpp-bin",
        failing.toString(), "--rounds", "1");
    assertEquals(ExitCode.FAILURE, broken.exit());
    assertTrue(broken.err().contains("llama-bench failed"), broken.err());
    assertEquals(1, broken.err().strip().lines().count(), broken.err());
    Run rounds = run("bench", "--model", stories().toString(), "--against-llamacpp", "--rounds", "0");
    assertEquals(ExitCode.FAILURE, rounds.exit());
    assertTrue(rounds.err().contains("--rounds"), rounds.err());
  }

  @Test
  void quickTrainingBenchPrintsOneJsonObject() throws Exception {
    Run r = run("bench", "--model", stories().toString(), "--quick", "--train");
    assertEquals(0, r.exit(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertTrue(root.get("lora_training").get("tokens_per_second").asDouble() > 0);
    assertTrue(root.get("lora_training").get("fraction_of_ceiling").asDouble() > 0);
    assertTrue(root.get("router_training").get("tokens_per_second").asDouble() > 0);
  }

  @Test
  void evalPrintsATableAndWritesItemRecords() throws Exception {
    Path out = temp.resolve("eval");
    Run r = run("eval", "--model", smol().toString(), "--bench", "mmlu,piqa", "--limit", "4", "--data",
        Path.of(System.getProperty("selfmoe.shared"), "data").toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("mmlu") && r.out().contains("piqa"), r.out());
    JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
    assertEquals(4, results.get("mmlu").get("n").asInt());
    double score = results.get("piqa").get("score").asDouble();
    assertTrue(score >= 0 && score <= 1);
    assertEquals(4, Files.readAllLines(out.resolve("mmlu.items.jsonl")).size());
    Run unknown = run("eval", "--model", stories().toString(), "--bench", "nosuchbench", "--data",
        Path.of(System.getProperty("selfmoe.shared"), "data").toString());
    assertEquals(ExitCode.FAILURE, unknown.exit());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
  }

  /** A one-task BBH (data root with {@code bbh/bbh/toy.json} and its CoT prompt) small enough for stories260K. */
  private Path toyBbh() throws Exception {
    Path data = temp.resolve("data");
    Files.createDirectories(data.resolve("bbh/bbh"));
    Files.createDirectories(data.resolve("bbh/cot-prompts"));
    StringBuilder examples = new StringBuilder("{\"examples\": [");
    for (int i = 0; i < 5; i++) {
      examples.append(i == 0 ? "" : ", ").append("{\"input\": \"").append(i).append(" + 1?\", \"target\": \"")
          .append(i + 1).append("\"}");
    }
    Files.writeString(data.resolve("bbh/bbh/toy.json"), examples.append("]}").toString());
    StringBuilder prompt = new StringBuilder("canary\n-----\nAdd one.");
    for (int i = 7; i < 10; i++) {
      prompt.append("\n\nQ: ").append(i).append(" + 1?\nA: Let's think step by step.\nSo the answer is ")
          .append(i + 1).append('.');
    }
    Files.writeString(data.resolve("bbh/cot-prompts/toy.txt"), prompt.append('\n').toString());
    return data;
  }

  private static List<String> evaluatedIds(Path out) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("bbh.items.jsonl"))) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    return ids.stream().sorted().toList();
  }

  @Test
  void evalLeavesOutTheReasoningSeedsFromAFileOrARecomputedDraw() throws Exception {
    Path data = toyBbh();
    Path seeds = temp.resolve("seeds.jsonl");
    Files.writeString(seeds, "{\"id\": \"bbh/toy/1\"}\n{\"id\": \"mmlu/dev/anatomy/0\"}\n");
    Path out = temp.resolve("from-file");
    Run r = run("eval", "--model", stories().toString(), "--bench", "bbh", "--data", data.toString(),
        "--max-new-tokens", "4", "--exclude-seeds", seeds.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("toy/0", "toy/2", "toy/3", "toy/4"), evaluatedIds(out));
    JsonNode bbh = JSON.readTree(out.resolve("results.json").toFile()).get("bbh");
    assertEquals(4, bbh.get("n").asInt());
    assertEquals("toy/1", bbh.get("excluded_ids").get(0).asText());

    Set<String> drawn = SeedSets.drawnIds(Domain.REASONING, data, 2, 5);
    out = temp.resolve("drawn");
    r = run("eval", "--model", stories().toString(), "--bench", "bbh", "--data", data.toString(),
        "--max-new-tokens", "4", "--exclude-drawn-seeds", "2:5", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    List<String> evaluated = evaluatedIds(out);
    assertEquals(3, evaluated.size());
    assertTrue(evaluated.stream().noneMatch(drawn::contains), evaluated + " vs " + drawn);
  }

  @Test
  void badSeedExclusionsFailWithOneLine() throws Exception {
    Path data = toyBbh();
    Path seeds = temp.resolve("seeds.jsonl");
    Files.writeString(seeds, "{\"id\": \"bbh/toy/1\"}\nnot json\n");
    Run r = run("eval", "--model", stories().toString(), "--bench", "bbh", "--data", data.toString(),
        "--exclude-seeds", seeds.toString());
    assertEquals(ExitCode.FAILURE, r.exit());
    assertEquals("selfmoe: " + seeds + ":2: not valid JSON", r.err().strip());
    Files.writeString(seeds, "{\"id\": \"mmlu/dev/anatomy/0\"}\n");
    r = run("eval", "--model", stories().toString(), "--bench", "bbh", "--data", data.toString(),
        "--exclude-seeds", seeds.toString());
    assertEquals(ExitCode.FAILURE, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no BBH seed ids"), r.err());
    r = run("eval", "--model", stories().toString(), "--bench", "bbh", "--data", data.toString(),
        "--exclude-drawn-seeds", "ten");
    assertEquals(ExitCode.USAGE, r.exit());
    assertTrue(r.err().contains("'ten' is not COUNT[:SEED]"), r.err());
  }

  @Test
  void quickEvaluationBenchPrintsOneJsonObject() throws Exception {
    Run r = run("bench", "--model", stories().toString(), "--quick", "--eval", "--data",
        Path.of(System.getProperty("selfmoe.shared"), "data").toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertTrue(root.get("mmlu_scoring").get("items_per_second").asDouble() > 0);
    assertTrue(root.get("gsm8k_generation").get("items_per_second").asDouble() > 0);
    assertTrue(root.get("sandbox").get("programs_per_second").asDouble() > 0);
  }
}
