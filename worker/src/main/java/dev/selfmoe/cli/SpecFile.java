package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.workflows.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * A spec file read for starting a workflow. Local paths in it (model, data, seed files, briefs) are made absolute
 * against the spec's directory, so workers started elsewhere find the same files.
 */
final class SpecFile {
  private SpecFile() {}

  static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("spec not found: " + file.toAbsolutePath());
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UserInputException("cannot read the spec " + file + ": " + e.getMessage());
    }
    JsonNode root = SpecReader.tree(text, file.getFileName().toString());
    Path dir = file.toAbsolutePath().getParent();
    resolve((ObjectNode) root, "model", dir);
    resolve((ObjectNode) root, "data", dir);
    if (root.get("synthetic") instanceof ObjectNode synthetic) {
      resolve(synthetic, "briefs", dir);
    }
    if (root.get("seeds") instanceof ObjectNode seeds && seeds.get("files") instanceof ObjectNode files) {
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        resolve(files, it.next().getKey(), dir);
      }
    }
    return root;
  }

  /** A relative path that exists beside the spec becomes absolute; aliases and hub ids are left as they are. */
  private static void resolve(ObjectNode node, String field, Path dir) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      return;
    }
    Path p = Path.of(v.asText().strip());
    if (!p.isAbsolute() && Files.exists(dir.resolve(p))) {
      node.put(field, dir.resolve(p).normalize().toString());
    }
  }
}
