package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A test set loaded from the shared data directory, and how one model answers and is judged on it. Subclasses fix
 * the prompt format and scoring of one harness task; selection (exclusions, seeded shuffle, limit) is common.
 */
public abstract class Benchmark<D extends Benchmark.Doc> {

  /** One test item; {@code group} is the subject or task the harness aggregates by. */
  public interface Doc {
    String id();

    String group();
  }

  private final String name;
  private final List<D> docs;

  protected Benchmark(String name, List<D> docs) {
    this.name = name;
    this.docs = List.copyOf(docs);
  }

  public String name() {
    return name;
  }

  /** All items in file order. */
  public List<D> docs() {
    return docs;
  }

  /** Few-shot count the harness runs by default. */
  public abstract int defaultShots();

  /** The prompt a model sees for one item. */
  public abstract String prompt(D doc, int shots, EvalOptions options);

  /** Answers and judges the given items, calling {@code done} with the count finished after each batch. */
  protected abstract List<ItemRecord> evaluate(LanguageModel lm, List<D> items, int shots, EvalOptions options,
      Progress done);

  /** Extra sub-scores computed over all records; the runner adds per-group and per-metric means itself. */
  protected Map<String, Double> extraSubScores(List<ItemRecord> records) {
    return Map.of();
  }

  /** Drops excluded ids, shuffles with the seed and keeps the first {@code limit}. */
  public List<D> select(EvalOptions options) {
    List<D> kept = new ArrayList<>();
    for (D d : docs) {
      if (!options.excludedIds().contains(d.id())) {
        kept.add(d);
      }
    }
    Collections.shuffle(kept, new Random(options.shuffleSeed()));
    return options.limit() == 0 || options.limit() >= kept.size() ? kept : kept.subList(0, options.limit());
  }

  public int shots(EvalOptions options) {
    int shots = options.shots() < 0 ? defaultShots() : options.shots();
    if (shots > 0 && maxShots() == 0) {
      throw new EngineException(name + " is a 0-shot task; got shots=" + shots);
    }
    return shots;
  }

  /** Largest few-shot count the exemplar pool allows; 0 for tasks without exemplars. */
  protected abstract int maxShots();
}
