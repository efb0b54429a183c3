package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BbhTest {
  private static Bbh bbh() {
    return (Bbh) TestData.registry().get("bbh");
  }

  @Test
  void extractionFollowsTheHarnessRegex() {
    assertEquals("False", Bbh.extract("Z = not True = False. So the answer is False."));
    assertEquals("(B)", Bbh.extract("So the answer is (B).\nleftover"));
    // No trailing period: the regex still drops the last character.
    assertEquals("(A", Bbh.extract("So the answer is (A)"));
    // Case-sensitive lookbehind.
    assertEquals(Bbh.INVALID, Bbh.extract("The answer is yes."));
    assertEquals(Bbh.INVALID, Bbh.extract("no conclusion"));
    // The first match is greedy to the end of its line.
    assertEquals("yes. And the answer is no", Bbh.extract("So the answer is yes. And the answer is no."));
  }

  @Test
  void exactMatchHasNoFolding() {
    Bbh.Example e = new Bbh.Example("t/0", "t", "in", "False");
    assertTrue(bbh().judge(e, "P", "So the answer is False.").correct());
    assertFalse(bbh().judge(e, "P", "So the answer is false.").correct());
    ItemRecord r = bbh().judge(e, "P", "So the answer is (A)");
    assertEquals("(A", r.extracted());
    assertEquals("False", r.target());
  }

  @Test
  void promptReproducesTheCotPromptFiles() throws Exception {
    Path dir = TestData.root().resolve("bbh/cot-prompts");
    Set<String> differing = new TreeSet<>();
    Set<String> tasks = new TreeSet<>();
    bbh().docs().forEach(d -> tasks.add(d.group()));
    assertEquals(27, tasks.size());
    for (String task : tasks) {
      String file = Files.readString(dir.resolve(task + ".txt"));
      String body = file.substring(file.indexOf("-----\n") + 6);
      String prompt = bbh().prompt(task, "XYZ", 3, EvalOptions.defaults(), task + "/0");
      String question = "Q: XYZ\nA: Let's think step by step.\n";
      assertTrue(prompt.endsWith("\n\n" + question), task);
      String rendered = prompt.substring(0, prompt.length() - question.length() - 2);
      if (!rendered.equals(body.stripTrailing())) {
        differing.add(task);
        // The documented exception: a space after the cue in the file, a newline in the harness.
        assertEquals(body.stripTrailing().replace("step by step. ", "step by step.\n"), rendered);
      }
    }
    assertEquals(Set.of("sports_understanding"), differing);
  }

  @Test
  void promptStartsWithTheDescriptionAndFitsTheDocumentedShape() {
    Bbh.Example e = bbh().docs().get(0);
    String prompt = bbh().prompt(e, 3, EvalOptions.defaults());
    assertTrue(prompt.startsWith("Evaluate the result of a random Boolean expression.\n\nQ: not ( ( not not True ) ) "
        + "is\nA: Let's think step by step.\nRemember that (i)"), prompt);
    assertEquals("boolean_expressions/0", e.id());
    assertEquals("False", e.target());
    assertTrue(prompt.endsWith("Q: not ( True ) and ( True ) is\nA: Let's think step by step.\n"));
  }

  @Test
  void stopsAndBudgetAreTheHarnessOnes() {
    assertEquals(List.of("</s>", "Q", "\n\n"), bbh().stopStrings());
    assertEquals(1024, bbh().defaultMaxNewTokens());
  }

  @Test
  void seededDrawsPermuteTheExemplars() {
    Bbh.Example e = bbh().docs().get(0);
    String harness = bbh().prompt(e, 3, EvalOptions.defaults());
    String drawn = bbh().prompt(e, 3, EvalOptions.defaults().withFewShotSeed(2));
    assertEquals(drawn, bbh().prompt(e, 3, EvalOptions.defaults().withFewShotSeed(2)));
    assertEquals(harness.length(), drawn.length()); // same three exemplars, possibly reordered
    assertNotEquals(harness, bbh().prompt(e, 1, EvalOptions.defaults()));
  }
}
