package dev.selfmoe.ui.read;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep cell's label read back into its settings: {@code path=value} pairs joined by commas, and, for a cell that
 * several grids share, each grid's label joined by {@code " | "}.
 */
public final class CellLabel {
  private CellLabel() {}

  /** The value the label gives {@code path} in any of its alternatives. */
  public static Optional<String> value(String label, String path) {
    if (label == null) {
      return Optional.empty();
    }
    for (String alternative : label.split(" \\| ")) {
      String value = settings(alternative).get(path);
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Every path the label sets, in order. */
  public static List<String> paths(String label) {
    Map<String, String> all = new LinkedHashMap<>();
    if (label != null) {
      for (String alternative : label.split(" \\| ")) {
        all.putAll(settings(alternative));
      }
    }
    return List.copyOf(all.keySet());
  }

  private static Map<String, String> settings(String alternative) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String part : alternative.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        settings.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
      }
    }
    return settings;
  }
}
