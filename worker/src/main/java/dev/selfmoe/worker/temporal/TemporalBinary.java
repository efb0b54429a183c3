package dev.selfmoe.worker.temporal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds the Temporal CLI, whose {@code server start-dev} is the durable local server. */
public final class TemporalBinary {
  /** Environment variable naming the CLI binary; {@code scripts/test} sets it after installing the CLI. */
  public static final String ENV_VARIABLE = "SELFMOE_TEMPORAL_BIN";

  private TemporalBinary() {}

  /**
   * The first of: {@code explicit}, {@code $SELFMOE_TEMPORAL_BIN}, {@code ~/.cache/selfmoe/bin/temporal} (where
   * scripts/install-temporal.sh puts it; {@code $SELFMOE_CACHE} moves that cache), {@code temporal} on the PATH.
   * Empty when none exists; a path the user named explicitly that is not executable is an error instead.
   */
  public static Optional<Path> locate(Optional<Path> explicit) {
    return locate(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static Optional<Path> locate(Optional<Path> explicit, Map<String, String> environment, Path userHome) {
    if (explicit.isPresent()) {
      return Optional.of(requireExecutable(explicit.get(), "Temporal CLI " + explicit.get()));
    }
    String fromEnvironment = environment.get(ENV_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(requireExecutable(Path.of(fromEnvironment), ENV_VARIABLE + "=" + fromEnvironment));
    }
    String cache = environment.get("SELFMOE_CACHE");
    Path cacheDir = cache != null && !cache.isBlank() ? Path.of(cache) : userHome.resolve(".cache/selfmoe");
    Path installed = cacheDir.resolve("bin/temporal");
    if (Files.isExecutable(installed)) {
      return Optional.of(installed);
    }
    return onPath(environment.getOrDefault("PATH", ""));
  }

  private static Optional<Path> onPath(String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "temporal");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static Path requireExecutable(Path binary, String named) {
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new TemporalServerException(
          named + " is not an executable file; fix the path or run scripts/install-temporal.sh");
    }
    return binary.toAbsolutePath();
  }
}
