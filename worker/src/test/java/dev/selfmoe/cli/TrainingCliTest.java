package dev.selfmoe.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.train.InstructionExample;
import dev.selfmoe.engine.train.PromptTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experts, router and merges through the command line, end to end on stories260K. */
class TrainingCliTest {
  static final String ANSWER_A = "The cat sat on the big red box.";
  static final String ANSWER_B = "Mom made a yummy cake for Ben.";

  @TempDir Path temp;

  static Path write(Path file, String question, String answer) throws Exception {
    String[] names = {"Lily", "Ben", "Tom", "Sue", "Max", "Anna", "Tim", "Mia"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      lines.add("{\"instruction\":\"" + question.replace("X", names[i % names.length]) + "\",\"output\":\"" + answer
          + "\"}");
    }
    return Files.write(file, lines);
  }

  static String[] train(String... extra) {
    List<String> args = new ArrayList<>(List.of("--model", CliTest.stories().toString(), "--epochs", "3",
        "--batch-size", "8", "--micro-batch-size", "4", "--lr", "1e-2", "--max-length", "128"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static String[] concat(String command, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = command;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void expertsRouterAndMergeRunFromTheCommandLine() throws Exception {
    Path dataA = write(temp.resolve("a.jsonl"), "Where did X go?", ANSWER_A);
    Path dataB = write(temp.resolve("b.jsonl"), "What did X eat?", ANSWER_B);
    Path union = temp.resolve("union.jsonl");
    Files.write(union, Files.readAllLines(dataA));
    Files.write(union, Files.readAllLines(dataB), java.nio.file.StandardOpenOption.APPEND);
    Path expertA = temp.resolve("expert-a");
    Path expertB = temp.resolve("expert-b");
    CliTest.Run a = CliTest.run(concat("train-lora", train("--data", dataA.toString(), "--out", expertA.toString(),
        "--rank", "4", "--alpha", "8", "--checkpoint-every", "2")));
    assertEquals(0, a.exit(), a.err());
    assertTrue(Files.isRegularFile(expertA.resolve("adapter_model.safetensors")));
    assertFalse(Files.exists(temp.resolve(".expert-a.checkpoint")), "the finished run's checkpoint is removed");
    assertEquals(0, CliTest.run(concat("train-lora", train("--data", dataB.toString(), "--out", expertB.toString(),
        "--rank", "4", "--alpha", "8"))).exit());

    String prompt = PromptTemplate.DEFAULT.prompt(new InstructionExample("Where did Zed go?", "", ANSWER_A));
    CliTest.Run adapted = CliTest.run("generate", "--model", CliTest.stories().toString(), "--adapter",
        expertA.toString(), "--prompt", prompt, "--max-new-tokens", "20");
    assertEquals(0, adapted.exit(), adapted.err());
    assertTrue(adapted.out().startsWith(ANSWER_A), adapted.out());

    Path mixse = temp.resolve("mixse");
    CliTest.Run router = CliTest.run(concat("train-router", train("--data", union.toString(), "--out",
        mixse.toString(), "--experts", expertA.toString(), expertB.toString())));
    assertEquals(0, router.exit(), router.err());
    Path trace = temp.resolve("trace.json");
    CliTest.Run routed = CliTest.run("generate", "--model", CliTest.stories().toString(), "--mixse",
        mixse.toString(), "--routing-trace", trace.toString(), "--prompt", prompt, "--max-new-tokens", "20");
    assertEquals(0, routed.exit(), routed.err());
    JsonNode stats = new ObjectMapper().readTree(trace.toFile());
    assertEquals(2, stats.get("experts").size());
    assertEquals(5, stats.get("layers").size());
    double shares = stats.get("overall").get(0).get("top1_share").asDouble()
        + stats.get("overall").get(1).get("top1_share").asDouble();
    assertEquals(1.0, shares, 1e-9);

    Path joint = temp.resolve("joint");
    CliTest.Run jointRun = CliTest.run(concat("train-router", train("--data", union.toString(), "--out",
        joint.toString(), "--joint-experts", "2", "--max-steps", "2")));
    assertEquals(0, jointRun.exit(), jointRun.err());
    assertTrue(Files.isRegularFile(joint.resolve("experts/expert-1/adapter_model.safetensors")));
    assertEquals(0, CliTest.run("generate", "--model", CliTest.stories().toString(), "--mixse", joint.toString(),
        "--top-k", "2", "--prompt", prompt, "--max-new-tokens", "4").exit());

    Path merged = temp.resolve("merged");
    CliTest.Run merge = CliTest.run("merge", "--model", CliTest.stories().toString(), "--method", "ties",
        "--experts", expertA.toString(), expertB.toString(), "--out", merged.toString(), "--rank", "4");
    assertEquals(0, merge.exit(), merge.err());
    assertTrue(Files.isRegularFile(merged.resolve("adapter/adapter_config.json")));
    CliTest.Run fromMerged = CliTest.run("generate", "--model", CliTest.stories().toString(), "--merged",
        merged.toString(), "--prompt", prompt, "--max-new-tokens", "20");
    assertEquals(0, fromMerged.exit(), fromMerged.err());

    CliTest.Run mismatch = CliTest.run("generate", "--model", CliTest.smol().toString(), "--adapter",
        expertA.toString(), "--prompt", "hi");
    assertEquals(ExitCode.FAILURE, mismatch.exit());
    assertTrue(mismatch.err().contains("does not match the base model"), mismatch.err());
    assertEquals(1, mismatch.err().strip().lines().count(), mismatch.err());
  }

  @Test
  void badTrainingInputIsAOneLineError() throws Exception {
    Path empty = Files.writeString(temp.resolve("empty.jsonl"), "");
    CliTest.Run r = CliTest.run(concat("train-lora", train("--data", empty.toString(), "--out",
        temp.resolve("x").toString())));
    assertEquals(ExitCode.FAILURE, r.exit());
    assertTrue(r.err().contains("empty"), r.err());
    Path data = write(temp.resolve("d.jsonl"), "Where did X go?", ANSWER_A);
    CliTest.Run target = CliTest.run(concat("train-lora", train("--data", data.toString(), "--out",
        temp.resolve("y").toString(), "--targets", "q_proj,lm_head")));
    assertEquals(ExitCode.FAILURE, target.exit());
    assertTrue(target.err().contains("unknown LoRA target module 'lm_head'"), target.err());
    CliTest.Run method = CliTest.run("merge", "--model", CliTest.stories().toString(), "--method", "magic",
        "--experts", temp.toString(), "--out", temp.resolve("z").toString());
    assertEquals(ExitCode.FAILURE, method.exit());
    assertTrue(method.err().contains("unknown merge method"), method.err());
  }

  @Test
  void selfspecWritesTrainingDataTheTrainerReads() throws Exception {
    Path out = temp.resolve("knowledge.jsonl");
    CliTest.Run r = CliTest.run("selfspec", "--model", CliTest.stories().toString(), "--domain", "knowledge",
        "--samples", "3", "--seed-count", "8", "--data", Path.of(System.getProperty("selfmoe.shared"), "data")
            .toString(), "--out", out.toString(), "--seed", "3", "--max-rounds", "1", "--no-format-checks",
        "--max-new-tokens", "24", "24", "--batch-size", "3");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertTrue(lines.size() >= 1, r.err());
    for (String line : lines) {
      JsonNode item = new ObjectMapper().readTree(line);
      assertEquals("knowledge", item.get("domain").asText());
      assertFalse(item.get("instruction").asText().isBlank());
    }
    assertEquals(ExitCode.FAILURE, CliTest.run("selfspec", "--model", CliTest.stories().toString(), "--domain",
        "poetry", "--out", out.toString()).exit());
    CliTest.Run noData = CliTest.run("selfspec", "--model", CliTest.stories().toString(), "--domain", "math",
        "--data", temp.resolve("nowhere").toString(), "--out", temp.resolve("m.jsonl").toString());
    assertEquals(ExitCode.FAILURE, noData.exit());
    assertTrue(noData.err().contains("benchmark data not found"), noData.err());
  }
}
