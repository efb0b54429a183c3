package dev.selfmoe.engine.selfspec;

import dev.selfmoe.engine.EngineException;
import java.util.Locale;

/** The four target capabilities of Self-MoE, each of which gets its own seeds, brief and expert. */
public enum Domain {
  KNOWLEDGE,
  REASONING,
  MATH,
  CODING;

  /** The lower-case name used in file names, JSONL records and the CLI. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Domain parse(String name) {
    for (Domain d : values()) {
      if (d.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new EngineException("unknown domain '" + name + "' (expected knowledge, reasoning, math or coding)");
  }
}
