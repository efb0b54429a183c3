package dev.selfmoe.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {
  @TempDir Path temp;

  @Test
  void aResultReplacesTheEarlierOneWhole() throws IOException {
    Path out = temp.resolve("out");
    AtomicDirectory.write(out, "done", dir -> {
      Files.writeString(dir.resolve("done"), "1");
      Files.writeString(dir.resolve("a"), "first");
    });
    AtomicDirectory.write(out, "done", dir -> Files.writeString(dir.resolve("done"), "2"));
    assertEquals(List.of("out"), names(temp));
    assertEquals(List.of("done"), names(out));
    assertEquals("2", Files.readString(out.resolve("done")));
  }

  @Test
  void aWriterThatFailsLeavesNoPartialDirectoryAndTheEarlierResultAsItWas() throws IOException {
    Path out = temp.resolve("out");
    AtomicDirectory.write(out, "done", dir -> Files.writeString(dir.resolve("done"), "1"));
    IllegalStateException bug = new IllegalStateException("out of luck");
    assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicDirectory.write(out, "done", dir -> {
      Files.writeString(dir.resolve("done"), "2");
      throw bug;
    })));
    EngineException io = assertThrows(EngineException.class, () -> AtomicDirectory.write(out, "done", dir -> {
      throw new IOException("disk full");
    }));
    assertTrue(io.getMessage().contains("disk full"), io.getMessage());
    assertEquals(List.of("out"), names(temp));
    assertEquals("1", Files.readString(out.resolve("done")));
  }

  @Test
  void anUnrelatedDirectoryIsNeverReplaced() throws IOException {
    Path out = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(out.resolve("notes.txt"), "keep");
    EngineException e = assertThrows(EngineException.class,
        () -> AtomicDirectory.write(out, "done", dir -> Files.writeString(dir.resolve("done"), "x")));
    assertTrue(e.getMessage().contains("holds no earlier result"), e.getMessage());
    assertEquals("keep", Files.readString(out.resolve("notes.txt")));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
