package dev.selfmoe.engine.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads {@code <shared>/data/mbpp/mbpp.jsonl} and cuts it into the standard splits by task id. */
public final class MbppSet {
  /** The MBPP README's split by task id; the 3-shot exemplars (2, 3, 4) come from {@code PROMPT}. */
  public enum Split {
    PROMPT(1, 10),
    TEST(11, 510),
    VALIDATION(511, 600),
    TRAIN(601, 974);

    final int first;
    final int last;

    Split(int first, int last) {
      this.first = first;
      this.last = last;
    }
  }

  private MbppSet() {}

  public static Path defaultFile(Path shared) {
    return shared.resolve("data/mbpp/mbpp.jsonl");
  }

  public static List<MbppProblem> load(Path file) {
    List<MbppProblem> out = new ArrayList<>();
    for (JsonNode r : JsonLines.read(file, "task_id", "text", "code", "test_list")) {
      out.add(new MbppProblem(r.get("task_id").asInt(), r.get("text").asText(), r.get("code").asText(),
          r.path("test_setup_code").asText(""), strings(r.get("test_list")), strings(r.path("challenge_test_list"))));
    }
    if (out.isEmpty()) {
      throw new EngineException("no MBPP problems in " + file);
    }
    return out;
  }

  public static List<MbppProblem> split(List<MbppProblem> all, Split split) {
    return all.stream().filter(p -> p.taskId() >= split.first && p.taskId() <= split.last).toList();
  }

  public static MbppProblem byId(List<MbppProblem> all, int taskId) {
    return all.stream().filter(p -> p.taskId() == taskId).findFirst()
        .orElseThrow(() -> new EngineException("MBPP task " + taskId + " not in the loaded data"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
