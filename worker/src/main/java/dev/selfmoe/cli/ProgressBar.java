package dev.selfmoe.cli;

import dev.selfmoe.engine.hub.ProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn in place on a terminal. When stderr is a file or pipe it prints a line
 * per tenth of the work instead, so logs stay readable.
 */
final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;

  private final String label;
  private final PrintStream err;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private String currentItem;
  private long lastDrawNanos;
  private int lastTenth = -1;

  ProgressBar(String label) {
    this(label, System.err, System.console() != null);
  }

  ProgressBar(String label, PrintStream err, boolean terminal) {
    this.label = label;
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void update(String item, long done, long total) {
    boolean finished = total >= 0 && done >= total;
    if (!item.equals(currentItem)) {
      currentItem = item;
      lastTenth = -1;
    }
    if (terminal) {
      long now = System.nanoTime();
      if (!finished && now - lastDrawNanos < 100_000_000L) {
        return;
      }
      lastDrawNanos = now;
      err.print("\r" + render(item, done, total) + (finished ? "\n" : ""));
      err.flush();
      return;
    }
    int tenth = total > 0 ? (int) (10 * done / total) : -1;
    if (finished || (tenth > lastTenth && tenth >= 0)) {
      lastTenth = tenth;
      err.println(render(item, done, total));
    }
  }

  String render(String item, long done, long total) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    String rate = formatBytes((long) (done / seconds)) + "/s";
    if (total <= 0) {
      return String.format("%s %s %s %s", label, item, formatBytes(done), rate);
    }
    int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
    return String.format("%s %s [%s%s] %3d%% %s/%s %s", label, item, "#".repeat(filled), " ".repeat(WIDTH - filled),
        100 * done / total, formatBytes(done), formatBytes(total), rate);
  }

  static String formatBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
