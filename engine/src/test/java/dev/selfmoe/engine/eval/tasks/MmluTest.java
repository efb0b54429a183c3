package dev.selfmoe.engine.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.eval.EvalOptions;
import dev.selfmoe.engine.eval.ItemRecord;
import dev.selfmoe.engine.eval.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmluTest {
  private static Mmlu mmlu() {
    return (Mmlu) TestData.registry().get("mmlu");
  }

  private static Mmlu.Question first() {
    return mmlu().docs().stream().filter(q -> q.id().equals("abstract_algebra/0")).findFirst().orElseThrow();
  }

  @Test
  void zeroShotPromptIsDescriptionThenQuestion() {
    assertEquals("The following are multiple choice questions (with answers) about abstract algebra.\n\n"
        + "Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\n"
        + "A. 0\nB. 4\nC. 2\nD. 6\nAnswer:", mmlu().prompt(first(), 0, EvalOptions.defaults()));
    assertEquals("The following are multiple choice questions (with answers) about high school government and "
        + "politics.\n\n", Mmlu.description("high_school_government_and_politics"));
  }

  @Test
  void fiveShotUsesTheDevRowsInFileOrder() {
    String p = mmlu().prompt(first(), 5, EvalOptions.defaults());
    String head = "The following are multiple choice questions (with answers) about abstract algebra.\n\n"
        + "Find all c in Z_3 such that Z_3[x]/(x^2 + c) is a field.\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer: B\n\n"
        + "Statement 1 | If aH is an element of a factor group, then |aH| divides |a|. Statement 2 | If H and K are "
        + "subgroups of G then HK is a subgroup of G.\nA. True, True\nB. False, False\nC. True, False\n"
        + "D. False, True\nAnswer: B\n\n";
    assertTrue(p.startsWith(head), p);
    assertTrue(p.endsWith("\n\nFind the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\n"
        + "A. 0\nB. 4\nC. 2\nD. 6\nAnswer:"));
    assertEquals(6, p.split("\nAnswer:", -1).length - 1);
    assertThrows(EngineException.class, () -> mmlu().prompt(first(), 6, EvalOptions.defaults()));
  }

  @Test
  void judgedByTheHighestLetterLogLikelihood() {
    Mmlu.Question q = first();
    assertEquals(List.of(" A", " B", " C", " D"), mmlu().continuations(q));
    ItemRecord right = mmlu().judge(q, "P", new double[] {-3, -1, -2, -4});
    assertTrue(right.correct());
    assertEquals("B", right.extracted());
    assertEquals("B", right.target());
    ItemRecord wrong = mmlu().judge(q, "P", new double[] {-3, -2, -2, -1.5});
    assertFalse(wrong.correct());
    assertEquals("D", wrong.extracted());
    // A tie goes to the first choice, as argmax does.
    assertEquals("A", mmlu().judge(q, "P", new double[] {-1, -1, -1, -1}).extracted());
  }

  @Test
  void fiftySevenSubjects() {
    assertEquals(57, mmlu().docs().stream().map(Mmlu.Question::group).distinct().count());
  }
}
