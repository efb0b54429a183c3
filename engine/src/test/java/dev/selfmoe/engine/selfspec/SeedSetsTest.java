package dev.selfmoe.engine.selfspec;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.eval.TestData;
import dev.selfmoe.engine.eval.tasks.Bbh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSetsTest {
  static final Path DATA = TestModels.shared().resolve("data");

  @Test
  void drawsAreDeterministicAndSeedDependent() {
    for (Domain d : Domain.values()) {
      List<Seed> a = SeedSets.draw(d, DATA, 100, 7);
      assertEquals(a, SeedSets.draw(d, DATA, 100, 7), d.id());
      assertNotEquals(a, SeedSets.draw(d, DATA, 100, 8), d.id());
      assertEquals(100, new HashSet<>(a.stream().map(Seed::id).toList()).size(), d.id() + " ids are unique");
      for (Seed s : a) {
        assertFalse(s.instruction().isBlank(), s.id());
        assertFalse(s.output().isBlank(), s.id());
        assertTrue(DomainFormat.accepts(d, s.instruction(), s.input(), s.output()), s.id() + ": " + s.output());
      }
    }
  }

  @Test
  void missingSeedDataNamesTheExpectedDirectory(@TempDir Path empty) {
    EngineException e = assertThrows(EngineException.class, () -> SeedSets.draw(Domain.KNOWLEDGE, empty, 10, 1));
    assertTrue(e.getMessage().startsWith("seed data missing: expected directory " + empty.resolve("mmlu")),
        e.getMessage());
  }

  @Test
  void drawnIdsAreTheBbhItemIdsOfTheReasoningDraw() {
    Set<String> ids = SeedSets.drawnIds(Domain.REASONING, DATA, 100, 7);
    List<String> drawn = SeedSets.draw(Domain.REASONING, DATA, 100, 7).stream().map(Seed::id).toList();
    assertEquals(100, ids.size());
    assertEquals(drawn.stream().map(id -> id.substring("bbh/".length())).collect(Collectors.toSet()), ids);
    Set<String> bbhItems = TestData.registry().get(Bbh.NAME).docs().stream().map(d -> d.id())
        .collect(Collectors.toSet());
    assertTrue(bbhItems.containsAll(ids), "ids must be in the id space of the BBH benchmark");
    for (Domain d : List.of(Domain.KNOWLEDGE, Domain.MATH, Domain.CODING)) {
      assertEquals(Set.of(), SeedSets.drawnIds(d, DATA, 100, 7), d.id() + " seeds come from unevaluated splits");
    }
    assertEquals(Set.of("navigate/17"), SeedSets.evaluatedIds(List.of("bbh/navigate/17", "mmlu/dev/anatomy/0",
        "seeds.jsonl:3")));
  }

  @Test
  void knowledgeSeedsComeFromDevAndValWithOptionsAndAnswer() {
    for (Seed s : SeedSets.draw(Domain.KNOWLEDGE, DATA, 100, 1)) {
      assertTrue(s.id().matches("mmlu/(dev|val)/[a-z_]+/\\d+"), s.id());
      assertTrue(s.input().startsWith("A. ") && s.input().contains("\nD. "), s.input());
      assertTrue(s.output().matches("(?s)The answer is [ABCD]\\. .+"), s.output());
    }
  }

  @Test
  void reasoningSeedsRecordBbhIdsAndEndInTheAnswer() {
    for (Seed s : SeedSets.draw(Domain.REASONING, DATA, 100, 1)) {
      assertTrue(s.id().matches("bbh/[a-z_]+/\\d+"), s.id());
      assertTrue(s.output().startsWith("So the answer is "), s.output());
    }
  }

  @Test
  void mathSeedsAreGsm8kTrainWithoutCalculatorMarks() {
    for (Seed s : SeedSets.draw(Domain.MATH, DATA, 100, 1)) {
      assertTrue(s.id().startsWith("gsm8k/train/"), s.id());
      assertFalse(s.output().contains("<<") || s.output().contains("####"), s.output());
      assertTrue(s.output().matches("(?s).*\nThe answer is -?[0-9.,]+\\.$"), s.output());
    }
  }

  @Test
  void mbppIsReshapedIntoHumanEvalStubs() {
    for (Seed s : SeedSets.draw(Domain.CODING, DATA, 100, 1)) {
      int task = Integer.parseInt(s.id().substring("mbpp/".length()));
      assertTrue(task >= 601 && task <= 974, "train split only: " + s.id());
      assertTrue(s.input().startsWith("def "), s.input());
      assertTrue(s.input().contains("\n    \"\"\"") && s.input().strip().endsWith("\"\"\""), s.input());
      assertTrue(s.input().contains(s.instruction()), "docstring holds the task");
      assertTrue(s.output().contains("def "), s.output());
      assertFalse(s.output().contains("\r"));
    }
  }

  @Test
  void reshapingPicksTheTestedFunctionAndShowsAnExample() {
    String code = "def helper(x):\r\n  return x\r\ndef add_one(n): \r\n  return helper(n) + 1";
    String stub = MbppReshaper.stub("Add one.", code, List.of("assert add_one(2) == 3"));
    assertEquals("def add_one(n):\n    \"\"\"Add one.\n    >>> add_one(2)\n    3\n    \"\"\"\n", stub);
  }

  @Test
  void userSeedsReadAndMalformedLinesNameTheLine(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("seeds.jsonl");
    Files.writeString(good, "{\"instruction\":\"Add.\",\"input\":\"1+1\",\"output\":\"2\"}\n\n"
        + "{\"instruction\":\"Say hi.\",\"output\":\"hi\"}\n");
    List<Seed> seeds = SeedSets.read(good);
    assertEquals(List.of(new Seed("seeds.jsonl:1", "Add.", "1+1", "2"), new Seed("seeds.jsonl:3", "Say hi.", "", "hi")),
        seeds);

    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"instruction\":\"Add.\",\"output\":\"2\"}\n{\"instruction\":\"x\"\n");
    EngineException e = assertThrows(EngineException.class, () -> SeedSets.read(bad));
    assertEquals(bad + ":2: not valid JSON", e.getMessage());

    Files.writeString(bad, "{\"instruction\":\"Add.\",\"output\":\"2\"}\n{\"instruction\":\"x\",\"output\":\"\"}\n");
    e = assertThrows(EngineException.class, () -> SeedSets.read(bad));
    assertTrue(e.getMessage().startsWith(bad + ":2: needs"), e.getMessage());

    Files.writeString(bad, "[1,2]\n");
    e = assertThrows(EngineException.class, () -> SeedSets.read(bad));
    assertEquals(bad + ":1: expected a JSON object", e.getMessage());
  }
}
