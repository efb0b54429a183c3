package dev.selfmoe.engine.generate;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.model.LanguageModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoring and generating leave the model's managers as they found them: an array left behind lives until the model
 * is closed, which in a worker is never, so each evaluation would add its share to every later one.
 */
class ModelArraysTest {
  static LanguageModel stories;

  @BeforeAll
  static void load() {
    stories = ModelLoader.load(TestModels.stories260k());
  }

  @AfterAll
  static void close() {
    stories.close();
  }

  private static int arraysWithTheModel() {
    return stories.manager().getManagedArrays().size();
  }

  @Test
  void logitsOfAFewRowsBelongToTheCallersManager() {
    int before = arraysWithTheModel();
    try (NDManager step = stories.manager().newSubManager()) {
      NDArray hidden = step.randomNormal(new Shape(2, stories.config().hiddenSize()));
      NDArray logits = stories.transformer().logits(hidden);
      assertSame(step, logits.getManager());
      assertEquals(stories.config().vocabSize(), logits.getShape().get(1));
    }
    assertEquals(before, arraysWithTheModel());
  }

  @Test
  void scoringAndGeneratingLeaveNoArraysWithTheModel() {
    new Scorer(stories).score(List.of(new ScoreRequest("Once upon a time", " there was")));
    new Generator(stories).generateText(List.of("Once upon a time"), GenerationConfig.greedy(4));
    int before = arraysWithTheModel();
    new Scorer(stories).score(List.of(
        new ScoreRequest("Once upon a time", " there was"),
        new ScoreRequest("The cat sat", " on the mat")));
    new Generator(stories).generateText(List.of("Once upon a time", "Lily and Ben"), GenerationConfig.greedy(6));
    assertEquals(before, arraysWithTheModel());
  }
}
