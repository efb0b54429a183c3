package dev.selfmoe.engine.generate;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.TestData;
import dev.selfmoe.engine.eval.tasks.Mmlu;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScorerTest {
  static LanguageModel stories;
  static LanguageModel smol;

  @BeforeAll
  static void load() {
    stories = ModelLoader.load(TestModels.stories260k());
    smol = ModelLoader.load(TestModels.smollm2());
  }

  @AfterAll
  static void close() {
    stories.close();
    smol.close();
  }

  @Test
  void theGreedyContinuationScoresAsGreedy() {
    Completion c = new Generator(stories).generateText(List.of("Once upon a time"), GenerationConfig.greedy(20))
        .get(0);
    List<LogLikelihood> r = new Scorer(stories).score(List.of(
        new ScoreRequest("Once upon a time", c.text()),
        new ScoreRequest("Once upon a time", " banana banana banana")));
    assertTrue(r.get(0).greedy(), "the model's own greedy text must score as greedy");
    assertFalse(r.get(1).greedy());
    assertTrue(r.get(0).logProb() < 0);
    assertTrue(r.get(0).logProb() / r.get(0).tokens() > r.get(1).logProb() / r.get(1).tokens());
  }

  @Test
  void batchedScoresEqualSingleScores() {
    List<ScoreRequest> requests = List.of(
        new ScoreRequest("The capital of France is", " Paris"),
        new ScoreRequest("The capital of France is", " Berlin"),
        new ScoreRequest("Question: 2 + 2 = ?\nAnswer:", " 4"),
        new ScoreRequest("A long context about a cat that sat on the mat and looked at the bird in the tree.", " The end."));
    List<LogLikelihood> batched = new Scorer(smol).score(requests);
    for (int i = 0; i < requests.size(); i++) {
      LogLikelihood alone = new Scorer(smol).score(List.of(requests.get(i))).get(0);
      assertEquals(alone.logProb(), batched.get(i).logProb(), 1e-3, "request " + i);
      assertEquals(alone.tokens(), batched.get(i).tokens());
    }
    assertTrue(batched.get(0).logProb() > batched.get(1).logProb(), "Paris should beat Berlin");
  }

  /** MMLU prompts with their four answer letters, 0-shot and 5-shot, from a few subjects. */
  static List<ScoreRequest> mmluRequests() {
    Mmlu mmlu = (Mmlu) TestData.registry().get(Mmlu.NAME);
    List<ScoreRequest> requests = new ArrayList<>();
    for (String id : List.of("abstract_algebra/0", "anatomy/3", "world_religions/7")) {
      Mmlu.Question q = mmlu.docs().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
      for (int shots : new int[] {0, 5}) {
        String prompt = mmlu.prompt(q, shots, EvalOptions.defaults());
        mmlu.continuations(q).forEach(c -> requests.add(new ScoreRequest(prompt, c)));
      }
    }
    return requests;
  }

  /** The letters are one token for SmolLM2 and two ("▁", "A") for stories260K: both share all but the last. */
  @Test
  void choicesSharingOnePassEqualOnePassPerChoice() {
    List<ScoreRequest> requests = mmluRequests();
    for (LanguageModel lm : List.of(stories, smol)) {
      List<LogLikelihood> perChoice = new Scorer(lm, 4096, false).score(requests);
      List<LogLikelihood> shared = new Scorer(lm).score(requests);
      for (int i = 0; i < requests.size(); i++) {
        String where = lm.source().getFileName() + " request " + i;
        assertEquals(perChoice.get(i).logProb(), shared.get(i).logProb(), 1e-4, where);
        assertEquals(perChoice.get(i).greedy(), shared.get(i).greedy(), where);
        assertEquals(perChoice.get(i).tokens(), shared.get(i).tokens(), where);
      }
    }
  }

  @Test
  void trailingContextSpaceMovesToTheContinuation() {
    LogLikelihood spaced = new Scorer(smol).score(List.of(new ScoreRequest("The capital of France is ", "Paris")))
        .get(0);
    LogLikelihood plain = new Scorer(smol).score(List.of(new ScoreRequest("The capital of France is", " Paris")))
        .get(0);
    assertEquals(plain.logProb(), spaced.logProb(), 1e-4);
  }
}
