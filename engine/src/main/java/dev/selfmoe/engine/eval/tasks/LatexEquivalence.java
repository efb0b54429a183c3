package dev.selfmoe.engine.eval.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The MATH metric's equality test: two normalised answers are equal when sympy, parsing both as LaTeX, simplifies
 * their difference to zero, within a time limit per pair; everything else (a parse failure, identical text the parser
 * cannot read, a timeout) is a miss, as in the harness. Sympy's LaTeX parser exists only in Python, so each batch is
 * judged by one short-lived Python process; the interpreter needs sympy and antlr4-python3-runtime 4.11, which
 * {@code scripts/install-math-python.sh} puts in {@code ~/.cache/selfmoe/math-python}.
 */
public final class LatexEquivalence {
  /** Overrides the interpreter; otherwise the cache's math-python venv, otherwise {@code python3}. */
  public static final String SETTING = "SELFMOE_MATH_PYTHON";
  /** The harness's limit per comparison. */
  public static final double DEFAULT_SECONDS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = script();
  private static final Map<String, String> AVAILABLE = new ConcurrentHashMap<>();

  /** One comparison's outcome; {@code why} names the failing stage of a miss that was not a plain inequality. */
  public record Verdict(boolean equal, String why) {}

  private final String python;
  private final double secondsPerPair;

  public LatexEquivalence(String python, double secondsPerPair) {
    if (!(secondsPerPair > 0)) {
      throw new EngineException("LaTeX comparison time limit must be > 0 seconds, got " + secondsPerPair);
    }
    this.python = python;
    this.secondsPerPair = secondsPerPair;
  }

  /** The configured interpreter with the harness's 5 s limit. */
  public static LatexEquivalence standard() {
    return new LatexEquivalence(interpreter(System.getenv(), System.getProperty("user.home")), DEFAULT_SECONDS);
  }

  static String interpreter(Map<String, String> env, String home) {
    String explicit = env.get(SETTING);
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String cache = env.getOrDefault("SELFMOE_CACHE", home + "/.cache/selfmoe");
    Path venv = Path.of(cache, "math-python", "bin", "python");
    return Files.isExecutable(venv) ? venv.toString() : "python3";
  }

  public String python() {
    return python;
  }

  /**
   * Fails with one line naming the interpreter and what it lacks; returns the sympy and antlr versions. Checked once
   * per interpreter, so a MATH run fails before it spends time generating.
   */
  public String requireAvailable() {
    String versions = AVAILABLE.get(python);
    if (versions == null) {
      compare(List.of());
      versions = AVAILABLE.get(python);
    }
    return versions;
  }

  /** Verdicts in the order of {@code pairs} (each {prediction, gold}). */
  public List<Verdict> compare(List<String[]> pairs) {
    if (pairs.isEmpty() && AVAILABLE.containsKey(python)) {
      return List.of(); // a batch without a single answer sentence needs no interpreter
    }
    Process process = start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    StringBuilder errors = new StringBuilder();
    Thread out = Thread.ofVirtual().start(() -> readLines(process.getInputStream(), lines));
    Thread err = Thread.ofVirtual().start(() -> errors.append(drain(process.getErrorStream())));
    try {
      try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
        for (String[] pair : pairs) {
          in.write(JSON.writeValueAsString(pair));
          in.write('\n');
        }
      } catch (IOException e) {
        // The process ended early (a missing library); its own message follows below.
      }
      // Importing sympy takes a few seconds; every pair may use its whole limit.
      long waitMillis = 60_000 + (long) (pairs.size() * (secondsPerPair + 1) * 1000);
      boolean exited = process.waitFor(waitMillis, TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor();
      }
      out.join();
      err.join();
      return verdicts(pairs.size(), lines, errors.toString(), exited);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while comparing MATH answers", e);
    }
  }

  private List<Verdict> verdicts(int expected, List<String> lines, String errors, boolean exited) {
    JsonNode header = lines.isEmpty() ? null : parse(lines.get(0));
    if (header == null || header.has("error")) {
      String cause = header != null ? header.get("error").asText()
          : errors.isBlank() ? "no output" : lastLine(errors);
      throw new EngineException("MATH scoring needs sympy with antlr4-python3-runtime 4.11 (the harness's LaTeX "
          + "parser) in " + python + ": " + cause + "; run scripts/install-math-python.sh or set " + SETTING);
    }
    AVAILABLE.put(python, "sympy " + header.path("sympy").asText() + ", antlr4 " + header.path("antlr4").asText());
    List<Verdict> out = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      JsonNode v = i + 1 < lines.size() ? parse(lines.get(i + 1)) : null;
      if (v == null) {
        String why = exited ? "comparison process ended early: " + lastLine(errors) : "comparison process hung";
        out.add(new Verdict(false, why));
      } else {
        out.add(new Verdict(v.path("equal").asBoolean(false), v.path("why").asText("")));
      }
    }
    return out;
  }

  private Process start() {
    try {
      return new ProcessBuilder(python, "-c", SCRIPT, Double.toString(secondsPerPair)).start();
    } catch (IOException e) {
      throw new EngineException("MATH scoring needs a Python with sympy; cannot start " + python + ": "
          + e.getMessage() + "; run scripts/install-math-python.sh or set " + SETTING, e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private static void readLines(InputStream stream, List<String> into) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        into.add(line);
      }
    } catch (IOException e) {
      // The process was killed; what arrived is kept.
    }
  }

  private static String drain(InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static String script() {
    try (InputStream in = LatexEquivalence.class.getResourceAsStream("latex_equivalence.py")) {
      if (in == null) {
        throw new IllegalStateException("latex_equivalence.py missing from the engine jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
