package dev.selfmoe.cli;

import dev.selfmoe.engine.train.AdapterTrainer;
import java.io.PrintStream;
import java.util.function.Consumer;

/** Training progress on stderr: a bar redrawn in place on a terminal, a line per tenth of the run otherwise. */
final class TrainingProgressBar implements Consumer<AdapterTrainer.Progress> {
  private static final int WIDTH = 24;
  private final String label;
  private final PrintStream err = System.err;
  private final boolean terminal = System.console() != null;
  private int lastTenth = -1;

  TrainingProgressBar(String label) {
    this.label = label;
  }

  @Override
  public void accept(AdapterTrainer.Progress p) {
    int filled = WIDTH * p.step() / p.totalSteps();
    String line = String.format("%s step %d/%d [%s%s] loss %.4f lr %.2e %.0f tok/s", label, p.step(), p.totalSteps(),
        "#".repeat(filled), " ".repeat(WIDTH - filled), p.loss(), p.learningRate(), p.tokensPerSecond());
    boolean last = p.step() == p.totalSteps();
    if (terminal) {
      err.print("\r" + line + (last ? "\n" : ""));
      err.flush();
      return;
    }
    int tenth = 10 * p.step() / p.totalSteps();
    if (tenth > lastTenth || last) {
      lastTenth = tenth;
      err.println(line);
    }
  }
}
