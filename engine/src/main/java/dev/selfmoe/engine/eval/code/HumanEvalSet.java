package dev.selfmoe.engine.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfmoe.engine.EngineException;
import java.nio.file.Path;
import java.util.List;

/** Loads the 164 HumanEval problems from {@code <shared>/data/humaneval/HumanEval.jsonl.gz}. */
public final class HumanEvalSet {
  private HumanEvalSet() {}

  public static Path defaultFile(Path shared) {
    return shared.resolve("data/humaneval/HumanEval.jsonl.gz");
  }

  public static List<HumanEvalProblem> load(Path file) {
    List<JsonNode> rows =
        JsonLines.read(file, "task_id", "prompt", "canonical_solution", "test", "entry_point");
    if (rows.isEmpty()) {
      throw new EngineException("no HumanEval problems in " + file);
    }
    return rows.stream()
        .map(r -> new HumanEvalProblem(r.get("task_id").asText(), r.get("prompt").asText(),
            r.get("canonical_solution").asText(), r.get("test").asText(), r.get("entry_point").asText()))
        .toList();
  }
}
