package dev.selfmoe.workflows.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The paper's four target domains, in the order Table 4 adds them (K, R, M, C). */
public enum Domain {
  KNOWLEDGE, REASONING, MATH, CODING;

  public String key() {
    return name().toLowerCase();
  }

  static Domain parse(String text, String path) {
    for (Domain d : values()) {
      if (d.key().equals(text)) {
        return d;
      }
    }
    throw new SpecException(path + ": unknown domain " + text + " (one of "
        + Arrays.stream(values()).map(Domain::key).collect(Collectors.joining(", ")) + ")");
  }
}
