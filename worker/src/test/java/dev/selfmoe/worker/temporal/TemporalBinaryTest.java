package dev.selfmoe.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Temporal CLI is looked for, in order. */
class TemporalBinaryTest {
  @TempDir Path dir;

  @Test
  void prefersTheVariableThenTheInstallCacheThenThePath() throws IOException {
    Path fromVariable = executable(dir.resolve("variable/temporal"));
    Path cached = executable(dir.resolve("home/.cache/selfmoe/bin/temporal"));
    Path onPath = executable(dir.resolve("path/temporal"));
    Path home = dir.resolve("home");
    String path = dir.resolve("empty") + ":" + onPath.getParent();

    assertEquals(Optional.of(fromVariable), TemporalBinary.locate(Optional.empty(),
        Map.of(TemporalBinary.ENV_VARIABLE, fromVariable.toString(), "PATH", path), home));
    assertEquals(Optional.of(cached), TemporalBinary.locate(Optional.empty(), Map.of("PATH", path), home));
    Files.delete(cached);
    assertEquals(Optional.of(onPath), TemporalBinary.locate(Optional.empty(), Map.of("PATH", path), home));
    assertEquals(Optional.empty(), TemporalBinary.locate(Optional.empty(), Map.of(), home));
  }

  @Test
  void theCacheMovesWithSelfmoeCache() throws IOException {
    Path cached = executable(dir.resolve("cache/bin/temporal"));
    assertEquals(Optional.of(cached),
        TemporalBinary.locate(Optional.empty(), Map.of("SELFMOE_CACHE", dir.resolve("cache").toString()), dir));
  }

  @Test
  void aNamedBinaryThatIsMissingIsAnErrorNotAFallback() {
    Path missing = dir.resolve("nowhere/temporal");
    TemporalServerException explicit = assertThrows(TemporalServerException.class,
        () -> TemporalBinary.locate(Optional.of(missing), Map.of(), dir));
    assertEquals("Temporal CLI " + missing + " is not an executable file; fix the path or run"
        + " scripts/install-temporal.sh", explicit.getMessage());
    TemporalServerException variable = assertThrows(TemporalServerException.class,
        () -> TemporalBinary.locate(Optional.empty(), Map.of(TemporalBinary.ENV_VARIABLE, missing.toString()), dir));
    assertTrue(variable.getMessage().startsWith(TemporalBinary.ENV_VARIABLE + "=" + missing), variable.getMessage());
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
