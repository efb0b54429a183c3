package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.generate.Completion;
import dev.selfmoe.engine.generate.GenerationConfig;
import dev.selfmoe.engine.generate.Generator;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;

/** A generate-until task: greedy decoding up to the task's stop strings, then answer extraction and matching. */
public abstract class GenerationBenchmark<D extends Benchmark.Doc> extends Benchmark<D> {

  protected GenerationBenchmark(String name, List<D> docs) {
    super(name, docs);
  }

  /** The harness's {@code until} list, without the model's EOS (the generator stops on that itself). */
  public abstract List<String> stopStrings();

  /** The harness's {@code max_gen_toks}. */
  public abstract int defaultMaxNewTokens();

  /** Extracts the answer from the output (cut before any stop string) and judges it. */
  public abstract ItemRecord judge(D doc, String prompt, String output);

  /** Judges one batch; a task whose judging has a fixed cost per call (a helper process) overrides this. */
  protected List<ItemRecord> judgeAll(List<D> docs, List<String> prompts, List<String> outputs) {
    List<ItemRecord> records = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      records.add(judge(docs.get(i), prompts.get(i), outputs.get(i)));
    }
    return records;
  }

  @Override
  protected List<ItemRecord> evaluate(LanguageModel lm, List<D> items, int shots, EvalOptions options,
      Progress done) {
    int maxNew = options.maxNewTokens() < 0 ? defaultMaxNewTokens() : options.maxNewTokens();
    GenerationConfig config = GenerationConfig.greedy(maxNew).withStopStrings(stopStrings());
    Generator generator = new Generator(lm);
    List<ItemRecord> records = new ArrayList<>();
    for (int start = 0; start < items.size(); start += options.batchSize()) {
      List<D> batch = items.subList(start, Math.min(items.size(), start + options.batchSize()));
      List<String> prompts = batch.stream().map(d -> prompt(d, shots, options)).toList();
      List<String> outputs = generator.generateText(prompts, config).stream().map(Completion::text).toList();
      records.addAll(judgeAll(batch, prompts, outputs));
      done.update(records.size(), items.size());
    }
    return records;
  }
}
