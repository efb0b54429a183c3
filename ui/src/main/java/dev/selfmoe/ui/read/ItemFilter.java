package dev.selfmoe.ui.read;

import java.util.Arrays;
import java.util.Optional;

/** Which items the drill-down lists; the last three compare variant A with variant B. */
public enum ItemFilter {
  ALL("all"),
  WRONG("wrong"),
  RIGHT("right"),
  FLIPPED("flipped"),
  GAINED("gained"),
  LOST("lost");

  private final String param;

  ItemFilter(String param) {
    this.param = param;
  }

  public String param() {
    return param;
  }

  public boolean needsComparison() {
    return this == FLIPPED || this == GAINED || this == LOST;
  }

  public static Optional<ItemFilter> fromParam(String value) {
    return Arrays.stream(values()).filter(f -> f.param.equals(value)).findFirst();
  }
}
