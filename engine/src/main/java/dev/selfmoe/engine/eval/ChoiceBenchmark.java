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

  /**
   * What is scored for each choice, in choice order: by default every continuation after the one prompt. A task whose
   * choices differ in their context instead (Winogrande) scores one shared continuation after each context.
   */
  protected List<ScoreRequest> requests(D doc, String prompt) {
    return continuations(doc).stream().map(c -> new ScoreRequest(prompt, c)).toList();
  }

  @Override
  protected List<ItemRecord> evaluate(LanguageModel lm, List<D> items, int shots, EvalOptions options,
      Progress done) {
    Scorer scorer = new Scorer(lm);
    List<ItemRecord> records = new ArrayList<>();
    for (int start = 0; start < items.size(); start += options.batchSize()) {
      List<D> batch = items.subList(start, Math.min(items.size(), start + options.batchSize()));
      List<String> prompts = new ArrayList<>();
      List<ScoreRequest> requests = new ArrayList<>();
      int[] choices = new int[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        String p = prompt(batch.get(i), shots, options);
        prompts.add(p);
        List<ScoreRequest> item = requests(batch.get(i), p);
        choices[i] = item.size();
        requests.addAll(item);
      }
      List<LogLikelihood> lls = scorer.score(requests);
      int at = 0;
      for (int i = 0; i < batch.size(); i++) {
        double[] lp = new double[choices[i]];
        for (int j = 0; j < lp.length; j++) {
          lp[j] = lls.get(at++).logProb();
        }
        records.add(judge(batch.get(i), prompts.get(i), lp));
      }
      done.update(records.size(), items.size());
    }
    return records;
  }

  /**
   * The harness's {@code acc_norm} choice: the highest log-likelihood per character of the choice's text (its length
   * without the target delimiter).
   */
  public static int argmaxPerCharacter(double[] logProbs, List<String> choices) {
    double[] perChar = new double[logProbs.length];
    for (int i = 0; i < perChar.length; i++) {
      String c = choices.get(i);
      perChar[i] = logProbs[i] / c.codePointCount(0, c.length());
    }
    return argmax(perChar);
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
