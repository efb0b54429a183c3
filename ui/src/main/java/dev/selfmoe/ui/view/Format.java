package dev.selfmoe.ui.view;

import dev.selfmoe.db.PairedCounts;
import dev.selfmoe.ui.read.Score;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers and times read on the pages: scores in percent with one decimal, as the paper prints them. */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  public static String percent(Double fraction) {
    return fraction == null ? "" : String.format(Locale.ROOT, "%.1f", fraction * 100);
  }

  /** {@code [lo, hi]} in percent, or empty without an interval. */
  public static String interval(Score s) {
    if (s == null || s.ciLow() == null || s.ciHigh() == null) {
      return "";
    }
    return "[" + percent(s.ciLow()) + ", " + percent(s.ciHigh()) + "]";
  }

  /** {@code ± sd} over few-shot draws, or empty for a single draw. */
  public static String spread(Score s) {
    if (s == null || s.draws() < 2 || s.stddev() == null) {
      return "";
    }
    return "± " + percent(s.stddev());
  }

  /** ▲ or ▼ where the variant differs from base at p < 0.05 on the same items, ≈ where it does not. */
  public static String vsBaseMark(PairedCounts p) {
    if (!p.significant()) {
      return "≈";
    }
    return p.gained() > p.lost() ? "▲" : "▼";
  }

  /** The CSS class of {@link #vsBaseMark}'s mark. */
  public static String vsBaseClass(PairedCounts p) {
    return "vs-base " + (!p.significant() ? "tie" : p.gained() > p.lost() ? "up" : "down");
  }

  public static String vsBaseTitle(PairedCounts p) {
    return String.format(Locale.ROOT, "against base on %d paired items: %d gained, %d lost; McNemar p = %.4f",
        p.paired(), p.gained(), p.lost(), p.p());
  }

  public static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  public static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  /** A setting's value; recipe keys (sha256) are cut to 12 digits, the full key stays in the cell's title. */
  public static String setting(String value) {
    if (value == null) {
      return "–";
    }
    return value.matches("[0-9a-f]{64}") ? value.substring(0, 12) + "…" : value;
  }

  public static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
