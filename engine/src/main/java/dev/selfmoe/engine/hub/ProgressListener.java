package dev.selfmoe.engine.hub;

/** Hears how far a long transfer has got; {@code total} is -1 when unknown. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (item, done, total) -> {};

  void update(String item, long done, long total);
}
