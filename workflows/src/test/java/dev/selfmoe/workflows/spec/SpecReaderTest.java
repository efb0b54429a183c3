package dev.selfmoe.workflows.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private static String example(String name) throws IOException {
    return Files.readString(EXAMPLES.resolve(name));
  }

  private static String error(String yaml) {
    return assertThrows(SpecException.class, () -> SpecReader.experiment(yaml)).getMessage();
  }

  @Test
  void smokeExampleReadsWithDefaultsFilledIn() throws IOException {
    ExperimentSpec s = SpecReader.experiment(example("smoke.yaml"));
    assertEquals("smoke", s.name());
    assertEquals(List.of("knowledge", "math"), s.domains());
    assertEquals(8, s.lora().rank());
    assertEquals(16, s.lora().alpha());
    assertEquals(7, s.lora().targets().size());
    assertEquals(3e-4, s.lora().training().learningRate());
    assertEquals(2, s.lora().training().epochs());
    assertEquals(7, s.seeds().drawSeed(), "draw seed defaults to the experiment seed");
    assertEquals(List.of("base", "expert:knowledge", "expert:math", "instance-merging", "ties", "dare", "mixse-top1"),
        s.variants().stream().map(Variant::name).toList());
    assertEquals(QueueSpec.GPU, s.queues().compute());
    assertEquals(15, s.queues().heartbeatTimeoutSeconds());
  }

  @Test
  void paperAndSmallExamplesAreValid() throws IOException {
    ExperimentSpec paper = SpecReader.experiment(example("paper.yaml"));
    assertEquals(5000, paper.synthetic().samples());
    assertEquals(3, paper.draws());
    assertEquals(4, paper.benchmarks().size());
    assertEquals(24, SpecReader.experiment(example("small.yaml")).synthetic().samples());
    ExperimentSpec cpu = SpecReader.experiment(example("cpu.yaml"));
    assertEquals("qwen2.5-coder-0.5b-instruct", cpu.model());
    for (String[] own : new String[][] {{"mmlu", "expert:knowledge"}, {"arc_challenge", "expert:reasoning"},
        {"gsm8k", "expert:math"}, {"humaneval", "expert:coding"}}) {
      BenchmarkSpec b = cpu.benchmarks().stream().filter(x -> x.name().equals(own[0])).findFirst().orElseThrow();
      assertEquals(List.of("base", own[1], "instance-merging", "ties", "mixse-top1"), b.variants(),
          "each expert is scored on its own domain, beside base and the three ways of combining them");
    }
  }

  @Test
  void minimalSpecGetsThePapersDefaults() {
    ExperimentSpec s = SpecReader.experiment("name: x\nmodel: m.gguf\n");
    assertEquals(List.of("knowledge", "reasoning", "math", "coding"), s.domains());
    assertEquals(100, s.seeds().count());
    assertEquals(5000, s.synthetic().samples());
    assertEquals(32, s.lora().training().batchSize());
    assertEquals(List.of("mmlu", "bbh", "gsm8k", "humaneval"), s.benchmarks().stream().map(BenchmarkSpec::name).toList());
  }

  @Test
  void errorsNameTheField() {
    assertEquals("model: is required", error("name: x\n"));
    assertEquals("lora.rank: must be between 1 and 1024, got 0", error("name: x\nmodel: m\nlora: {rank: 0}\n"));
    assertEquals("lora.lerning_rate: unknown field", error("name: x\nmodel: m\nlora: {lerning_rate: 0.1}\n"));
    assertEquals("domains[1]: unknown domain chemistry (one of knowledge, reasoning, math, coding)",
        error("name: x\nmodel: m\ndomains: [math, chemistry]\n"));
    assertTrue(error("name: x\nmodel: m\nbenchmarks: [mmlu, hellaswag2]\n").startsWith("benchmarks[1]: unknown benchmark"));
    assertTrue(error("name: x\nmodel: m\nvariants: [mixse-top3]\ndomains: [math, coding]\n")
        .contains("routes to 3 experts but there are 2"));
    assertEquals("variants[0]: expert:coding names a domain not in domains [math]",
        error("name: x\nmodel: m\ndomains: [math]\nvariants: [expert:coding]\n"));
    assertEquals("lora.micro_batch_size: must not exceed batch_size (4), got 8",
        error("name: x\nmodel: m\nlora: {batch_size: 4, micro_batch_size: 8}\n"));
    assertTrue(error("name: [oops\n").startsWith("spec: not valid YAML"));
    assertEquals("synthetic: must be a mapping, got array", error("name: x\nmodel: m\nsynthetic: [1]\n"));
    assertEquals("colour: unknown field", error("name: x\nmodel: m\ncolour: blue\n"));
  }

  @Test
  void aBenchmarkCanNameTheVariantsItScores() {
    ExperimentSpec s = SpecReader.experiment("""
        name: x
        model: m
        domains: [knowledge, math]
        variants: [base, experts, ties]
        benchmarks:
          - {name: gsm8k, variants: [base, expert:math, ties]}
          - {name: mmlu, variants: [experts]}
          - arc_easy
        """);
    assertEquals(List.of("base", "expert:math", "ties"), s.benchmarks().get(0).variants());
    assertEquals(List.of("expert:knowledge", "expert:math"), s.benchmarks().get(1).variants());
    assertTrue(s.benchmarks().get(2).evaluates("expert:knowledge"), "no list: every variant");
    assertTrue(!s.benchmarks().get(0).evaluates("expert:knowledge"));
    assertEquals("benchmarks[0].variants: mixse-top1 is not one of the experiment's variants [base, expert:math]",
        error("name: x\nmodel: m\ndomains: [math]\nvariants: [base, experts]\n"
            + "benchmarks: [{name: gsm8k, variants: [base, mixse-top1]}]\n"));
    assertTrue(error("name: x\nmodel: m\ndomains: [math]\nbenchmarks: [{name: gsm8k, variants: [expert:coding]}]\n")
        .startsWith("benchmarks[0].variants: expert:coding names a domain not in domains"));
    assertEquals("benchmarks[0].variants: must name at least one variant (leave it out for all)",
        error("name: x\nmodel: m\nbenchmarks: [{name: gsm8k, variants: []}]\n"));
  }

  @Test
  void sweepExpandsThePapersGridsIntoDistinctCells() throws IOException {
    SweepSpec sweep = SpecReader.sweep(SpecReader.tree(example("ablations.yaml"), "ablations.yaml"));
    List<String> labels = sweep.cells().stream().map(SweepCell::label).toList();
    assertTrue(labels.contains("variants=mixse-top2"), labels.toString());
    assertTrue(labels.contains("variants=mixse-top1 | domains=knowledge+reasoning+math+coding,variants=mixse-top1"
        + " | synthetic.samples=4,variants=mixse-top1"), "identical cells merge: " + labels);
    assertTrue(labels.contains("domains=knowledge+reasoning+math,variants=mixse-top1"), labels.toString());
    assertTrue(labels.contains("synthetic.samples=1,variants=mixse-top1"), labels.toString());
    assertTrue(labels.contains("variants=seed-only"), labels.toString());
    assertEquals(labels.size(), labels.stream().distinct().count());
    SweepCell k = sweep.cells().stream().filter(c -> c.label().startsWith("domains=knowledge,")).findFirst()
        .orElseThrow();
    assertEquals(List.of("knowledge"), k.spec().domains());
    assertEquals("expert:knowledge", k.spec().variants().get(0).name());
    assertTrue(k.spec().name().startsWith("ablations-domains"));
  }

  @Test
  void sweepAxesMultiplyAndBadCellsNameTheirCell() {
    String base = "name: s\nmodel: m\ndomains: [math, coding]\n";
    SweepSpec s = SpecReader.sweep(SpecReader.tree(base + "sweep:\n  axes:\n"
        + "    - {field: synthetic.samples, values: [10, 20]}\n"
        + "    - {field: router.top_k, values: [1, 2]}\n", "t"));
    assertEquals(4, s.cells().size());
    assertEquals("synthetic.samples=20,router.top_k=2", s.cells().get(3).label());
    assertEquals(2, s.cells().get(3).spec().router().topK());
    String bad = assertThrows(SpecException.class, () -> SpecReader.sweep(SpecReader.tree(base
        + "sweep:\n  axes:\n    - {field: lora.rank, values: [8, -1]}\n", "t"))).getMessage();
    assertEquals("sweep cell lora.rank=-1: lora.rank: must be between 1 and 1024, got -1", bad);
    assertThrows(SpecException.class, () -> SpecReader.sweep(SpecReader.tree(base + "sweep: {grids: [table9]}\n", "t")));
    assertThrows(SpecException.class, () -> SpecReader.experiment(SpecReader.tree(base + "sweep: {grids: [table2]}\n",
        "t")));
  }
}
