package dev.selfmoe.ui.pages;

import dev.selfmoe.ui.BadParameter;
import io.javalin.http.Context;
import java.util.List;

/** Query-string values as the pages read them: blank means absent; a value the page cannot use is a 400. */
final class Params {
  private Params() {}

  static String text(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  static int positive(Context ctx, String name, int fallback) {
    return atLeast(ctx, name, 1, fallback);
  }

  static int nonNegative(Context ctx, String name, int fallback) {
    return atLeast(ctx, name, 0, fallback);
  }

  private static int atLeast(Context ctx, String name, int least, int fallback) {
    String v = text(ctx, name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= least) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadParameter(name + " must be a whole number of at least " + least + ", got \"" + v + "\"");
  }

  /** The value when it is one of {@code allowed}, the fallback when absent. */
  static String oneOf(Context ctx, String name, List<String> allowed, String fallback) {
    String v = text(ctx, name);
    if (v == null) {
      return fallback;
    }
    if (!allowed.contains(v)) {
      throw new BadParameter(name + " must be one of " + String.join(", ", allowed) + ", got \"" + v + "\"");
    }
    return v;
  }
}
