package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.tasks.Bbh;
import dev.selfmoe.engine.eval.tasks.Gsm8k;
import dev.selfmoe.engine.eval.tasks.HumanEval;
import dev.selfmoe.engine.eval.tasks.Mbpp;
import dev.selfmoe.engine.eval.tasks.MathBench;
import dev.selfmoe.engine.eval.tasks.Mmlu;
import dev.selfmoe.engine.eval.tasks.NaturalQuestions;
import dev.selfmoe.engine.eval.tasks.Piqa;
import dev.selfmoe.engine.eval.tasks.TruthfulQa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Benchmarks by name, each loaded on first use from its folder under the shared data root. */
public final class BenchmarkRegistry {
  private record Entry(String folder, Function<Path, Benchmark<?>> loader) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    ENTRIES.put(Mmlu.NAME, new Entry("mmlu", Mmlu::load));
    ENTRIES.put(Bbh.NAME, new Entry("bbh", Bbh::load));
    ENTRIES.put(Gsm8k.NAME, new Entry("gsm8k", Gsm8k::load));
    ENTRIES.put(MathBench.NAME, new Entry("math", MathBench::load));
    ENTRIES.put(NaturalQuestions.NAME, new Entry("naturalquestions", NaturalQuestions::load));
    ENTRIES.put(Piqa.NAME, new Entry("piqa", Piqa::load));
    ENTRIES.put(HumanEval.NAME, new Entry("humaneval", HumanEval::load));
    ENTRIES.put(Mbpp.NAME, new Entry("mbpp", Mbpp::load));
    ENTRIES.put("truthfulqa_mc1", new Entry("truthfulqa", d -> TruthfulQa.load(d, TruthfulQa.MC1)));
    ENTRIES.put("truthfulqa_mc2", new Entry("truthfulqa", d -> TruthfulQa.load(d, TruthfulQa.MC2)));
  }

  // Table 3 benchmarks with no loader: their data is not in the shared set, which the error says.
  private static final Map<String, String> WITHOUT_LOADER = Map.of("triviaqa", "triviaqa", "hellaswag", "hellaswag");

  private final Path dataRoot;
  private final Map<String, Benchmark<?>> loaded = new LinkedHashMap<>();

  /** @param dataRoot the shared {@code data/} folder holding one folder per benchmark */
  public BenchmarkRegistry(Path dataRoot) {
    this.dataRoot = dataRoot;
  }

  public static Set<String> names() {
    return new TreeSet<>(ENTRIES.keySet());
  }

  public synchronized Benchmark<?> get(String name) {
    Benchmark<?> b = loaded.get(name);
    if (b != null) {
      return b;
    }
    Entry e = ENTRIES.get(name);
    if (e == null) {
      String folder = WITHOUT_LOADER.get(name);
      if (folder == null) {
        throw new EngineException("unknown benchmark '" + name + "'; known: " + String.join(", ", names()));
      }
      Path dir = dataRoot.resolve(folder).toAbsolutePath();
      throw new EngineException(Files.isDirectory(dir)
          ? name + " has no loader yet although " + dir + " exists"
          : name + " data missing: expected directory " + dir);
    }
    b = e.loader().apply(dataRoot.resolve(e.folder()));
    loaded.put(name, b);
    return b;
  }
}
