package dev.selfmoe.engine.eval;

/** Told after each batch how many of the selected items are done, for the caller's progress bar. */
@FunctionalInterface
public interface Progress {
  Progress NONE = (done, total) -> {};

  void update(int done, int total);
}
