package dev.selfmoe.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The first-run build of the Temporal CLI with the project's script and the machine's Go, into a fresh cache. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TemporalCliInstallerTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "install-temporal.sh").toAbsolutePath().normalize();

  @TempDir Path cache;

  @Test
  void buildsTheCliIntoTheCacheWithAProgressLine() throws Exception {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    Optional<Path> binary = new TemporalCliInstaller(SCRIPT, Map.of("SELFMOE_CACHE", cache.toString()))
        .install(new PrintStream(shown, true, StandardCharsets.UTF_8));

    assertEquals(Optional.of(cache.resolve("bin/temporal")), binary, shown.toString(StandardCharsets.UTF_8));
    assertTrue(shown.toString(StandardCharsets.UTF_8).startsWith("selfmoe: building the Temporal CLI"));
    Process version = new ProcessBuilder(binary.get().toString(), "--version").start();
    assertTrue(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .startsWith("temporal version 1.5.1"));
    // found there from now on, as the next run looks for it
    assertEquals(binary, TemporalBinary.locate(Optional.empty(), Map.of("SELFMOE_CACHE", cache.toString()),
        Path.of("/nonexistent")));
  }

  @Test
  void aFailedBuildIsOneWarningAndNoBinary() {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    Optional<Path> binary = new TemporalCliInstaller(SCRIPT,
        Map.of("SELFMOE_CACHE", cache.toString(), "GOFLAGS", "-mod=nonsense"))
        .install(new PrintStream(shown, true, StandardCharsets.UTF_8));

    assertEquals(Optional.empty(), binary);
    String text = shown.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("selfmoe: warning: building the Temporal CLI failed ("), text);
    assertTrue(text.contains("-mod"), "names go's own reason: " + text);
  }
}
