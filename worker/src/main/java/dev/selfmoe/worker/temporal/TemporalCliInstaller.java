package dev.selfmoe.worker.temporal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the Temporal CLI on first use with the project's scripts/install-temporal.sh, so that a first run gets the
 * durable dev server and its Web UI rather than the in-process test server. Needs Go; the launcher names the project
 * directory in the {@code selfmoe.project} system property.
 */
public final class TemporalCliInstaller {
  /** Where the launcher says the project lives; absent when selfmoe runs from somewhere else (an image, a test). */
  public static final String PROJECT_PROPERTY = "selfmoe.project";

  private final Path script;
  private final Map<String, String> environment;

  TemporalCliInstaller(Path script, Map<String, String> environment) {
    this.script = script;
    this.environment = environment;
  }

  /** The installer of the project the launcher named, when its script is there and Go is installed. */
  public static Optional<TemporalCliInstaller> ofProject() {
    String project = System.getProperty(PROJECT_PROPERTY);
    if (project == null || project.isBlank()) {
      return Optional.empty();
    }
    Path script = Path.of(project, "scripts", "install-temporal.sh");
    if (!Files.isRegularFile(script) || !hasGo(System.getenv().getOrDefault("PATH", ""))) {
      return Optional.empty();
    }
    return Optional.of(new TemporalCliInstaller(script, Map.of()));
  }

  /**
   * Runs the script, showing one progress line (modules fetched) on {@code progress}; the built binary, or empty
   * after a one-line warning saying why the build failed.
   */
  public Optional<Path> install(PrintStream progress) {
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      progress.println("selfmoe: warning: cannot run " + script + ": " + e.getMessage());
      return Optional.empty();
    }
    CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> readAll(process));
    String lastLine = "";
    int modules = 0;
    String line;
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      progress.print("selfmoe: building the Temporal CLI for the dev server and its Web UI (first run only) ...");
      progress.flush();
      while ((line = err.readLine()) != null) {
        lastLine = line.strip();
        if (lastLine.startsWith("go: downloading")) {
          modules++;
          progress.print("\rselfmoe: building the Temporal CLI for the dev server and its Web UI (first run only):"
              + " " + modules + " modules fetched");
          progress.flush();
        }
      }
      int exit = process.waitFor();
      progress.println();
      String binary = printed.join().strip();
      if (exit != 0 || binary.isEmpty() || !Files.isExecutable(Path.of(binary))) {
        progress.println("selfmoe: warning: building the Temporal CLI failed (" + lastLine + ")");
        return Optional.empty();
      }
      return Optional.of(Path.of(binary));
    } catch (IOException e) {
      progress.println();
      progress.println("selfmoe: warning: building the Temporal CLI failed: " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** As the script looks for it: on the PATH, or where Go's own installer puts it. */
  static boolean hasGo(String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/local/go/bin/go"));
  }
}
