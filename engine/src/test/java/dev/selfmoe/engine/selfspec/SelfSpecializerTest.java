package dev.selfmoe.engine.selfspec;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.train.InstructionData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSpecializerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static LanguageModel stories;
  static List<Seed> seeds;

  @BeforeAll
  static void load() {
    stories = ModelLoader.load(TestModels.stories260k());
    seeds = SeedSets.draw(Domain.MATH, TestModels.shared().resolve("data"), 100, 5);
  }

  @AfterAll
  static void close() {
    stories.close();
  }

  /** The tiny model writes stories, not maths, so the domain format check is off to get items through. */
  static SpecializationOptions small(int batch) {
    return SpecializationOptions.defaults(8, 11).withBatchSize(batch).withTokens(16, 16).withMaxRounds(6)
        .withFormatChecks(false);
  }

  SelfSpecializer specializer(SpecializationOptions o) {
    return new SelfSpecializer(stories, DomainBrief.defaults(Domain.MATH), seeds, o);
  }

  @Test
  void endToEndWritesWellFormedDeduplicatedJsonl(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("math.jsonl");
    List<SpecializationProgress> seen = new ArrayList<>();
    SpecializationProgress p = specializer(small(8)).run(out, seen::add);
    assertEquals(8, p.kept(), "dropped " + p.dropped());
    assertFalse(seen.isEmpty());
    assertEquals(p, seen.get(seen.size() - 1));

    List<String> lines = Files.readAllLines(out);
    assertEquals(8, lines.size());
    Set<String> seedIds = new HashSet<>(seeds.stream().map(Seed::id).toList());
    List<String> texts = new ArrayList<>();
    for (String line : lines) {
      JsonNode o = JSON.readTree(line);
      assertEquals("math", o.get("domain").asText());
      assertFalse(o.get("instruction").asText().isBlank(), line);
      assertFalse(o.get("output").asText().isBlank(), line);
      JsonNode prov = o.get("provenance");
      assertTrue(prov.get("round").asInt() < p.roundsDone());
      assertTrue(prov.get("brainstormSeeds").size() <= 3);
      assertTrue(prov.get("responseSeeds").size() <= 5);
      prov.get("brainstormSeeds").forEach(s -> assertTrue(seedIds.contains(s.asText()), s.asText()));
      prov.get("responseSeeds").forEach(s -> assertTrue(seedIds.contains(s.asText()), s.asText()));
      String text = o.get("instruction").asText() + "\n" + o.get("input").asText();
      for (String earlier : texts) {
        assertTrue(RougeL.score(text, earlier) <= 0.7, text + " ~ " + earlier);
      }
      texts.add(text);
    }
    assertEquals(8, InstructionData.read(out).size(), "the trainer reads the file as it is");
    assertEquals(seeds, SeedSets.read(SeedFiles.pathFor(out)), "the whole seed set is kept beside the output");
  }

  @Test
  void formatChecksDropAndCountEveryAttempt(@TempDir Path dir) {
    SpecializationOptions o = small(6).withFormatChecks(true).withMaxRounds(1);
    SpecializationProgress p = specializer(o).run(dir.resolve("m.jsonl"), null);
    assertEquals(1, p.roundsDone());
    assertEquals(6, p.kept() + p.droppedTotal());
    assertTrue(p.dropped().getOrDefault(DropReason.FORMAT, 0) > 0, "stories are not maths: " + p.dropped());
  }

  @Test
  void interruptedRunResumesToTheSameFile(@TempDir Path dir) throws Exception {
    Path whole = dir.resolve("whole.jsonl");
    SpecializationProgress full = specializer(small(3)).run(whole, null);
    assertEquals(8, full.kept());
    assertTrue(full.roundsDone() >= 3, "needs several rounds to test resuming");

    Path cut = dir.resolve("cut.jsonl");
    SpecializationProgress first = specializer(small(3)).run(cut, 1, null);
    assertEquals(1, first.roundsDone());
    // a crash after appending a round but before its cursor leaves extra lines; resuming must discard them
    Files.writeString(cut, Files.readString(cut) + Files.readAllLines(whole).get(7) + "\n",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    SpecializationProgress second = specializer(small(3)).run(cut, 1, null);
    assertEquals(2, second.roundsDone());
    SpecializationProgress rest = specializer(small(3)).run(cut, null);
    assertEquals(full, rest);
    assertEquals(Files.readString(whole), Files.readString(cut));

    SpecializationProgress again = specializer(small(3)).run(cut, null);
    assertEquals(full, again, "a finished run has nothing left to do");
    assertEquals(Files.readString(whole), Files.readString(cut));
  }

  @Test
  void resumingRefusesOtherSettingsOrAForeignFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("m.jsonl");
    specializer(small(2).withMaxRounds(1)).run(out, null);
    String seedFile = Files.readString(SeedFiles.pathFor(out));
    EngineException e = assertThrows(EngineException.class,
        () -> specializer(small(3)).run(out, null));
    assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    assertEquals(seedFile, Files.readString(SeedFiles.pathFor(out)), "a refused rerun keeps the recorded seeds");

    Path stray = dir.resolve("stray.jsonl");
    Files.writeString(stray, "{}\n");
    e = assertThrows(EngineException.class, () -> specializer(small(2)).run(stray, null));
    assertTrue(e.getMessage().contains("without its cursor"), e.getMessage());
  }

  @Test
  void promptsRenderSeedsAndQuery() {
    DomainBrief b = DomainBrief.defaults(Domain.CODING);
    Seed s = new Seed("x", "Add two numbers.", "def add(a, b):", "def add(a, b):\n    return a + b");
    String brainstorm = b.brainstormPrompt(List.of(s));
    assertTrue(brainstorm.contains("### Task 1\nInstruction: Add two numbers.\nInput: def add(a, b):\n\n"));
    assertTrue(brainstorm.endsWith("### Task 2\nInstruction:"), brainstorm);
    String response = b.responsePrompt(List.of(s), "Double it.", "");
    assertTrue(response.contains("### Response:\ndef add(a, b):\n    return a + b\n\n### Instruction:\nDouble it."));
    assertTrue(response.endsWith("### Response:\n"), response);
  }

  @Test
  void briefsAreOverridableFromFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("math.brainstorm.txt"), "Write math tasks.\n{examples}Task {next}:");
    DomainBrief b = DomainBrief.load(Domain.MATH, dir);
    assertEquals("Write math tasks.\n{examples}Task {next}:", b.brainstorm());
    assertEquals(DomainBrief.defaults(Domain.MATH).response(), b.response());
    Files.writeString(dir.resolve("math.response.txt"), "no placeholders");
    EngineException e = assertThrows(EngineException.class, () -> DomainBrief.load(Domain.MATH, dir));
    assertEquals("math response template needs {examples} and {query}", e.getMessage());
  }
}
