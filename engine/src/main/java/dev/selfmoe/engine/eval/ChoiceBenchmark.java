package dev.selfmoe.engine.eval;

import dev.selfmoe.engine.generate.LogLikelihood;
import dev.selfmoe.engine.generate.ScoreRequest;
import dev.selfmoe.engine.generate.Scorer;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;

/** A multiple-choice task: every choice is a continuation of the prompt, judged from the log-likelihoods. */
public abstract class ChoiceBenchmark<D extends Benchmark.Doc> extends Benchmark<D> {

  protected ChoiceBenchmark(String name, List<D> docs) {
    super(name, docs);
  }

  /** Continuations in choice order, each with its target delimiter. */
  public abstract List<String> continuations(D doc);

  /** Judges one item from the summed log-likelihood of each continuation. */
  public abstract ItemRecord judge(D doc, String prompt, double[] logProbs);

  @Override
  protected List<ItemRecord> evaluate(LanguageModel lm, List<D> items, int shots, EvalOptions options,
      Progress done) {
    Scorer scorer = new Scorer(lm);
    List<ItemRecord> records = new ArrayList<>();
    for (int start = 0; start < items.size(); start += options.batchSize()) {
      List<D> batch = items.subList(start, Math.min(items.size(), start + options.batchSize()));
      List<String> prompts = new ArrayList<>();
      List<ScoreRequest> requests = new ArrayList<>();
      for (D d : batch) {
        String p = prompt(d, shots, options);
        prompts.add(p);
        for (String c : continuations(d)) {
          requests.add(new ScoreRequest(p, c));
        }
      }
      List<LogLikelihood> lls = scorer.score(requests);
      int at = 0;
      for (int i = 0; i < batch.size(); i++) {
        int k = continuations(batch.get(i)).size();
        double[] lp = new double[k];
        for (int j = 0; j < k; j++) {
          lp[j] = lls.get(at++).logProb();
        }
        records.add(judge(batch.get(i), prompts.get(i), lp));
      }
      done.update(records.size(), items.size());
    }
    return records;
  }

  /** Index of the highest value, the first on ties as numpy's argmax. */
  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
