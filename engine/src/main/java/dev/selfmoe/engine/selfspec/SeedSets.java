package dev.selfmoe.engine.selfspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.JsonLines;
import dev.selfmoe.engine.eval.data.Csv;
import dev.selfmoe.engine.eval.tasks.Bbh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The seed examples each domain starts from, drawn from the benchmarks' non-test material (METHOD.md §1), or a user's
 * own JSONL. Candidates are listed in a fixed order and shuffled with the given seed, so a draw is reproducible.
 */
public final class SeedSets {
  public static final int DEFAULT_COUNT = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALCULATOR = Pattern.compile("<<[^>]*>>");
  private static final int MBPP_TRAIN_FIRST = 601;
  private static final int MBPP_TRAIN_LAST = 974;
  private static final String BBH_PREFIX = "bbh/";

  private SeedSets() {}

  /** {@code count} seeds of a domain from the shared data directory ({@code mmlu/}, {@code bbh/}, ...). */
  public static List<Seed> draw(Domain domain, Path dataRoot, int count, long seed) {
    List<Seed> all = switch (domain) {
      case KNOWLEDGE -> mmlu(dataRoot.resolve("mmlu"));
      case REASONING -> bbh(dataRoot.resolve("bbh"));
      case MATH -> gsm8k(dataRoot.resolve("gsm8k/train.jsonl"));
      case CODING -> mbpp(dataRoot.resolve("mbpp/mbpp.jsonl"));
    };
    if (all.size() < count) {
      throw new EngineException(domain.id() + ": only " + all.size() + " seed candidates under " + dataRoot
          + ", " + count + " requested");
    }
    List<Seed> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(seed));
    return List.copyOf(shuffled.subList(0, count));
  }

  /**
   * The benchmark items that {@link #draw} with these arguments takes from an evaluated set, in that benchmark's id
   * space, so an evaluation can leave them out: BBH ids ({@code <task>/<index>}) for reasoning, whose seeds come
   * from BBH itself; empty for the other domains, whose seeds come from splits no benchmark evaluates.
   */
  public static Set<String> drawnIds(Domain domain, Path dataRoot, int count, long seed) {
    if (domain != Domain.REASONING) {
      return Set.of();
    }
    return evaluatedIds(draw(domain, dataRoot, count, seed).stream().map(Seed::id).toList());
  }

  /** The BBH item ids behind the BBH seeds among {@code seedIds}; other ids name no evaluated item and are skipped. */
  public static Set<String> evaluatedIds(Collection<String> seedIds) {
    Set<String> out = new TreeSet<>();
    for (String id : seedIds) {
      if (id.startsWith(BBH_PREFIX)) {
        out.add(id.substring(BBH_PREFIX.length()));
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** A user's seeds: JSONL with {@code instruction}, optional {@code input}, {@code output}; ids are file:line. */
  public static List<Seed> read(Path file) {
    return JsonLines.read(file, "seeds", (node, where, number) -> {
      if (!node.path("instruction").isTextual() || !node.path("output").isTextual()
          || node.path("instruction").asText().isBlank() || node.path("output").asText().isBlank()) {
        throw new EngineException(where + ": needs non-empty string \"instruction\" and \"output\"");
      }
      if (node.has("input") && !node.get("input").isTextual()) {
        throw new EngineException(where + ": \"input\" must be a string");
      }
      String id = node.path("id").isTextual() ? node.get("id").asText() : file.getFileName() + ":" + number;
      return new Seed(id, node.get("instruction").asText(), node.path("input").asText(""),
          node.get("output").asText());
    });
  }

  private static List<Seed> mmlu(Path dir) {
    List<Seed> out = new ArrayList<>();
    for (String split : List.of("dev", "val")) {
      for (Path csv : sortedFiles(dir.resolve(split), ".csv")) {
        String name = csv.getFileName().toString();
        String subject = name.substring(0, name.length() - ("_" + split + ".csv").length());
        List<List<String>> rows = Csv.parse(readString(csv), csv.toString());
        for (int r = 0; r < rows.size(); r++) {
          List<String> row = rows.get(r);
          if (row.size() != 6 || !row.get(5).trim().matches("[ABCD]")) {
            throw new EngineException(csv + ": row " + (r + 1) + " is not question,A,B,C,D,answer");
          }
          String options = "A. " + row.get(1) + "\nB. " + row.get(2) + "\nC. " + row.get(3) + "\nD. " + row.get(4);
          String letter = row.get(5).trim();
          String answer = "The answer is " + letter + ". " + row.get(1 + "ABCD".indexOf(letter)).strip();
          String id = "mmlu/" + split + "/" + subject + "/" + r;
          out.add(new Seed(id, row.get(0).strip(), options, answer));
        }
      }
    }
    return out;
  }

  private static List<Seed> bbh(Path dir) {
    List<Seed> out = new ArrayList<>();
    for (Path json : sortedFiles(dir.resolve("bbh"), ".json")) {
      String task = json.getFileName().toString().replaceFirst("\\.json$", "");
      String description = taskDescription(dir.resolve("cot-prompts/" + task + ".txt"));
      JsonNode examples = readJson(json).path("examples");
      for (int i = 0; i < examples.size(); i++) {
        JsonNode e = examples.get(i);
        out.add(new Seed(BBH_PREFIX + Bbh.itemId(task, i), description, e.path("input").asText(),
            "So the answer is " + e.path("target").asText() + "."));
      }
    }
    return out;
  }

  /** The one-line task description after the canary's "-----" line serves as the seed's instruction. */
  private static String taskDescription(Path prompt) {
    List<String> lines = readString(prompt).lines().toList();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("-----")) {
        return lines.get(i + 1).strip();
      }
    }
    throw new EngineException(prompt + ": no task description after a ----- line");
  }

  private static List<Seed> gsm8k(Path file) {
    List<Seed> out = new ArrayList<>();
    List<String> lines = readString(file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode node = parseJson(lines.get(i), file + ":" + (i + 1));
      String answer = node.path("answer").asText();
      int mark = answer.lastIndexOf("####");
      if (mark < 0) {
        throw new EngineException(file + ":" + (i + 1) + ": answer has no #### final answer");
      }
      String steps = CALCULATOR.matcher(answer.substring(0, mark)).replaceAll("").strip();
      String solution = steps + "\nThe answer is " + answer.substring(mark + 4).strip() + ".";
      out.add(new Seed("gsm8k/train/" + i, node.path("question").asText().strip(), "", solution));
    }
    return out;
  }

  private static List<Seed> mbpp(Path file) {
    List<Seed> out = new ArrayList<>();
    List<String> lines = readString(file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode node = parseJson(lines.get(i), file + ":" + (i + 1));
      int taskId = node.path("task_id").asInt();
      if (taskId < MBPP_TRAIN_FIRST || taskId > MBPP_TRAIN_LAST) {
        continue;
      }
      List<String> tests = new ArrayList<>();
      node.path("test_list").forEach(t -> tests.add(t.asText()));
      String stub = MbppReshaper.stub(node.path("text").asText(), node.path("code").asText(), tests);
      if (stub != null) {
        out.add(new Seed("mbpp/" + taskId, node.path("text").asText().strip(), stub,
            MbppReshaper.code(node.path("code").asText())));
      }
    }
    return out;
  }

  private static List<Path> sortedFiles(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      throw new EngineException("seed data missing: expected directory " + dir.toAbsolutePath());
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new EngineException(dir.toAbsolutePath() + ": cannot list (" + e.getMessage() + ")");
    }
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p);
    } catch (NoSuchFileException e) {
      throw new EngineException(p + ": no such file");
    } catch (IOException e) {
      throw new EngineException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static JsonNode readJson(Path p) {
    return parseJson(readString(p), p.toString());
  }

  private static JsonNode parseJson(String text, String where) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new EngineException(where + ": not valid JSON");
    }
  }
}
