package dev.selfmoe.engine.selfspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.selfmoe.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedFilesTest {
  @TempDir Path dir;

  @Test
  void aWrittenSeedFileReadsBackAsSeedsAndAsIds() {
    List<Seed> seeds = List.of(new Seed("bbh/navigate/17", "Navigate.", "Take 1 step.", "So the answer is No."),
        new Seed("bbh/snarks/2", "Snarks.", "", "So the answer is (A)."));
    Path file = SeedFiles.pathFor(dir.resolve("reasoning.jsonl"));
    assertEquals(dir.resolve("reasoning.jsonl.seeds.jsonl"), file);
    SeedFiles.write(file, seeds);
    assertEquals(seeds, SeedSets.read(file));
    assertEquals(List.of("bbh/navigate/17", "bbh/snarks/2"), SeedFiles.ids(file));
  }

  @Test
  void aSelfspecOutputGivesTheSeedsItShowedPlusItsSeedFile() throws Exception {
    Path output = dir.resolve("out.jsonl");
    Files.writeString(output, record(List.of("bbh/a/0", "bbh/a/1"), List.of("bbh/a/1", "bbh/b/4")) + "\n"
        + record(List.of("bbh/b/5"), List.of()) + "\n");
    assertEquals(List.of("bbh/a/0", "bbh/a/1", "bbh/b/4", "bbh/b/5"), SeedFiles.ids(output));
    // The seed file holds the whole set, including seeds no kept item happened to show.
    SeedFiles.write(SeedFiles.pathFor(output), List.of(new Seed("bbh/c/9", "C.", "", "So the answer is 1.")));
    assertEquals(List.of("bbh/a/0", "bbh/a/1", "bbh/b/4", "bbh/b/5", "bbh/c/9"), SeedFiles.ids(output));
  }

  @Test
  void theOrchestrationSeedArtifactNamesItsIdsSeedId() throws Exception {
    Path file = dir.resolve("seeds.jsonl");
    Files.writeString(file, "{\"instruction\":\"x\",\"input\":\"\",\"output\":\"y\",\"seed_id\":\"bbh/a/3\"}\n");
    assertEquals(List.of("bbh/a/3"), SeedFiles.ids(file));
  }

  @Test
  void unreadableFilesFailWithOneLineNamingTheFileAndLine() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    EngineException e = assertThrows(EngineException.class, () -> SeedFiles.ids(file));
    assertEquals(file + ": no such file", e.getMessage());
    Files.writeString(file, "{\"id\":\"bbh/a/0\"}\nnot json\n");
    e = assertThrows(EngineException.class, () -> SeedFiles.ids(file));
    assertEquals(file + ":2: not valid JSON", e.getMessage());
    Files.writeString(file, "{\"instruction\":\"no id\"}\n");
    e = assertThrows(EngineException.class, () -> SeedFiles.ids(file));
    assertEquals(file + ":1: neither a seed with an \"id\" (or \"seed_id\") nor a selfspec record with a"
        + " \"provenance\"", e.getMessage());
    Files.writeString(file, "\n");
    e = assertThrows(EngineException.class, () -> SeedFiles.ids(file));
    assertEquals(file + ": no seed ids (the file is empty)", e.getMessage());
  }

  private static String record(List<String> brainstorm, List<String> response) {
    return new SyntheticRecord("Do it.", "", "Done.", Domain.REASONING,
        new Provenance(0, 0, 1, brainstorm, response)).toJsonLine();
  }
}
