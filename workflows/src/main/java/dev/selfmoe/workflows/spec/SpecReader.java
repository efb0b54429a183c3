package dev.selfmoe.workflows.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads experiment and sweep specs from YAML (JSON is YAML too) and validates them up front. */
public final class SpecReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SpecReader() {}

  public static JsonNode tree(String yaml, String source) {
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null || !root.isObject()) {
        throw new SpecException(source + ": must be a YAML mapping");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new SpecException(source + ": not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
  }

  /** True when the document is a sweep (it has a {@code sweep} section). */
  public static boolean isSweep(JsonNode root) {
    return root.has("sweep");
  }

  public static ExperimentSpec experiment(JsonNode root) {
    if (isSweep(root)) {
      throw new SpecException("sweep: this is a sweep spec; start it with `selfmoe sweep`");
    }
    return ExperimentSpec.read(new SpecNode(root, ""));
  }

  public static ExperimentSpec experiment(String yaml) {
    return experiment(tree(yaml, "spec"));
  }

  public static SweepSpec sweep(JsonNode root) {
    if (!isSweep(root)) {
      throw new SpecException("sweep: is required in a sweep spec (axes or grids to vary)");
    }
    return SweepSpec.read((ObjectNode) root);
  }
}
